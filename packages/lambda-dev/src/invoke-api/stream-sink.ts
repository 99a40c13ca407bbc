import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invocation, InvocationResult, InvocationSink } from '../runtime-api/invocation.ts';
import { type InvokeCompleteFields, invokeComplete, payloadChunk } from './event-stream.ts';
import { EXECUTED_VERSION, type SinkSettings, whenAnswerable } from './function-error.ts';
import { logTail } from './log-tail.ts';
import {
  type RawResponseLimits,
  type RawResponseTarget,
  receiveRawResponse,
} from './runtime-response.ts';

/**
 * `InvokeWithResponseStream`: each write of the function becomes a PayloadChunk frame at once
 * (the SDK's `send()` resolves on the first frame), then InvokeComplete ends the stream. The
 * runtime is paused while the caller's socket is full; a caller that left is drained into the
 * void so the invocation still runs to its end, as on Lambda.
 */
export class StreamInvokeSink implements InvocationSink, RawResponseTarget {
  readonly #res: ServerResponse;
  readonly #limits: RawResponseLimits;
  readonly #tail: boolean;
  readonly #memorySizeMb: number;
  #invocation: Invocation | undefined;
  #contentType = 'application/octet-stream';
  #drainWaiters: Array<() => void> = [];
  headSent = false;
  closed = false;
  /** The caller left before InvokeComplete. */
  gone = false;
  /** Payload bytes passed on. */
  bytes = 0;
  firstByteAt: number | undefined;

  constructor(res: ServerResponse, settings: SinkSettings) {
    this.#res = res;
    this.#limits = settings.limits;
    this.#tail = settings.tailLog;
    this.#memorySizeMb = settings.memorySizeMb;
    res.on('drain', () => this.#wake());
    res.once('close', () => {
      if (!this.closed) this.gone = true;
      this.closed = true;
      this.#wake();
    });
  }

  bind(invocation: Invocation): void {
    this.#invocation = invocation;
  }

  receive(req: IncomingMessage, res: ServerResponse, invocation: Invocation): void {
    receiveRawResponse(req, res, invocation, this, this.#limits);
  }

  begin(contentType: string): void {
    this.#contentType = contentType;
  }

  write(chunk: Buffer): boolean {
    if (this.closed || chunk.length === 0) return true;
    this.#start();
    this.bytes += chunk.length;
    return this.#res.write(payloadChunk(chunk));
  }

  onDrain(callback: () => void): void {
    if (this.closed || !this.#res.writableNeedDrain) callback();
    else this.#drainWaiters.push(callback);
  }

  settle(result: InvocationResult): void {
    const invocation = this.#invocation;
    if (!invocation) return;
    whenAnswerable(
      this.#tail,
      (callback) => invocation.whenFinished(callback),
      () => this.#complete(result, invocation),
    );
  }

  /**
   * The HTTP Content-Type is the function's response content type: the API binds
   * `ResponseStreamContentType` to it; the body is event-stream frames whatever it says.
   */
  #start(): void {
    if (this.headSent) return;
    this.headSent = true;
    this.firstByteAt = Date.now();
    this.#res.writeHead(200, {
      'content-type': this.#contentType,
      'x-amz-executed-version': EXECUTED_VERSION,
    });
  }

  #complete(result: InvocationResult, invocation: Invocation): void {
    if (this.closed) return;
    const fields: InvokeCompleteFields = {};
    if (result.kind !== 'ok') {
      fields.ErrorCode = result.error.errorType;
      fields.ErrorDetails = result.error.errorMessage;
    }
    if (this.#tail) {
      fields.LogResult = logTail(
        invocation,
        this.#memorySizeMb,
        result.kind === 'timeout' ? result.error.errorMessage : undefined,
      );
    }
    this.#start();
    this.closed = true;
    this.#res.end(invokeComplete(fields));
  }

  #wake(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }
}
