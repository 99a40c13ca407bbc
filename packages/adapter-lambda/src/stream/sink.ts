// The Lambda response stream as seen by the pump: the real client's `http.ClientRequest`
// wrapper or any Node Writable. Listeners are attached once per invocation, so waiting for
// 'drain' costs a promise, not listener churn, on every chunk.

import type { ResponseStream } from '../runtime/awslambda-compat.ts';

export class ResponseSink {
  readonly stream: ResponseStream;
  #gone = false;
  #finished = false;
  #onDrain: ((flowing: boolean) => void) | undefined;
  #onEnd: (() => void) | undefined;

  /** `onGone` runs once if the stream closes or fails before it finished. */
  constructor(stream: ResponseStream, onGone: (error?: unknown) => void) {
    this.stream = stream;
    stream.on('drain', () => this.#wakeDrain(true));
    stream.on('finish', () => {
      this.#finished = true;
      this.#wakeEnd();
    });
    const lost = (error?: unknown): void => {
      if (this.#gone) return;
      this.#gone = true;
      this.#wakeDrain(false);
      this.#wakeEnd();
      if (!this.#finished) onGone(error);
    };
    stream.on('close', () => lost());
    stream.on('error', lost);
  }

  /** Resolves true on 'drain', false if the stream closes or fails first. */
  drained(): Promise<boolean> {
    if (this.#gone || this.stream.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#onDrain = resolve;
    });
  }

  /** Ends the stream; resolves once it has flushed, closed or failed. */
  end(): Promise<void> {
    if (this.#gone || this.stream.destroyed) return Promise.resolve();
    const ended = new Promise<void>((resolve) => {
      this.#onEnd = resolve;
    });
    this.stream.end();
    return this.#finished ? Promise.resolve() : ended;
  }

  #wakeDrain(flowing: boolean): void {
    const wake = this.#onDrain;
    this.#onDrain = undefined;
    wake?.(flowing);
  }

  #wakeEnd(): void {
    const wake = this.#onEnd;
    this.#onEnd = undefined;
    wake?.();
  }
}
