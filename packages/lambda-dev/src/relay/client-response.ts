import type { ServerResponse } from 'node:http';
import type { ErrorResponse } from './error-responses.ts';
import type { ResponseHead } from './response-head.ts';

/**
 * The front door's side of one request: writes the head once, body chunks with backpressure,
 * then either ends cleanly, answers an error status (nothing sent yet) or cuts the connection
 * (something sent). After the client left, every write is accepted and dropped.
 */
export class ClientResponse {
  readonly #res: ServerResponse;
  readonly #startedAt: number;
  #drainWaiters: Array<() => void> = [];
  #finished = false;
  status = 0;
  bytes = 0;
  ttfbMs: number | null = null;
  /** The client closed the connection before we finished. */
  gone = false;

  constructor(res: ServerResponse, startedAt: number) {
    this.#res = res;
    this.#startedAt = startedAt;
    res.on('close', () => {
      if (!this.#finished && !res.writableFinished) this.gone = true;
      this.#wakeDrainWaiters();
    });
    res.on('drain', () => this.#wakeDrainWaiters());
  }

  get headSent(): boolean {
    return this.status !== 0;
  }

  /** No more output will reach the client (finished, cut, or gone). */
  get closed(): boolean {
    return this.#finished || this.gone;
  }

  /**
   * Writes the head (once; later calls are no-ops). false when node:http refused it: nothing
   * was sent and the headers it had taken are removed again, so an error can still be answered.
   * Callers check heads first (head-check.ts); this is the net under that check.
   */
  start(head: ResponseHead, flush = true): boolean {
    if (this.headSent || this.closed) return true;
    const before = new Set(this.#res.getHeaderNames());
    try {
      this.#res.writeHead(head.status, head.headers);
    } catch {
      for (const name of this.#res.getHeaderNames()) {
        if (!before.has(name)) this.#res.removeHeader(name);
      }
      return false;
    }
    this.status = head.status;
    this.ttfbMs = Date.now() - this.#startedAt;
    // SSE clients need the head before the first event.
    if (flush) this.#res.flushHeaders();
    return true;
  }

  /** false = wait for `onDrain` before writing more. */
  write(chunk: Buffer): boolean {
    if (this.closed || chunk.length === 0) return true;
    this.bytes += chunk.length;
    return this.#res.write(chunk);
  }

  onDrain(callback: () => void): void {
    if (this.closed || !this.#res.writableNeedDrain) callback();
    else this.#drainWaiters.push(callback);
  }

  end(): void {
    if (this.closed) return;
    this.#finished = true;
    this.#res.end();
  }

  /** Like AWS after a mid-stream failure: what was written is flushed, the final chunk never. */
  cut(): void {
    if (this.closed) return;
    this.#finished = true;
    const socket = this.#res.socket;
    if (socket) socket.destroySoon();
    else this.#res.destroy();
  }

  sendError(response: ErrorResponse): void {
    if (this.closed) return;
    if (this.headSent) {
      this.cut();
      return;
    }
    this.#res.setHeader('content-length', Buffer.byteLength(response.body));
    if (!this.start(response.head, false)) {
      this.#res.writeHead(500);
      this.status = 500;
    }
    this.#finished = true;
    this.bytes = Buffer.byteLength(response.body);
    this.#res.end(response.body);
  }

  #wakeDrainWaiters(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }
}
