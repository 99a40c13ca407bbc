import type { ServerResponse } from 'node:http';
import type { Invocation, InvocationResult } from '../runtime-api/invocation.ts';
import { CallerInvokeSink } from './caller-sink.ts';
import { type InvokeCompleteFields, invokeComplete, payloadChunk } from './event-stream.ts';
import { EXECUTED_VERSION, type SinkSettings } from './function-error.ts';

/**
 * `InvokeWithResponseStream`: each write of the function becomes a PayloadChunk frame at once
 * (the SDK's `send()` resolves on the first frame), then InvokeComplete ends the stream. The
 * runtime is paused while the caller's socket is full; a caller that left is drained into the
 * void so the invocation still runs to its end, as on Lambda.
 */
export class StreamInvokeSink extends CallerInvokeSink {
  #contentType = 'application/octet-stream';
  #drainWaiters: Array<() => void> = [];

  constructor(res: ServerResponse, settings: SinkSettings) {
    super(res, settings);
    res.on('drain', () => this.#wake());
  }

  begin(contentType: string): void {
    this.#contentType = contentType;
  }

  write(chunk: Buffer): boolean {
    if (this.closed || chunk.length === 0) return true;
    this.#start();
    this.bytes += chunk.length;
    return this.res.write(payloadChunk(chunk));
  }

  onDrain(callback: () => void): void {
    if (this.closed || !this.res.writableNeedDrain) callback();
    else this.#drainWaiters.push(callback);
  }

  protected override callerClosed(): void {
    this.#wake();
  }

  /**
   * The HTTP Content-Type is the function's response content type: the API binds
   * `ResponseStreamContentType` to it; the body is event-stream frames whatever it says.
   */
  #start(): void {
    if (this.headSent) return;
    this.headSent = true;
    this.firstByteAt = Date.now();
    this.res.writeHead(200, {
      'content-type': this.#contentType,
      'x-amz-executed-version': EXECUTED_VERSION,
    });
  }

  protected answer(result: InvocationResult, invocation: Invocation): void {
    if (this.closed) return;
    const fields: InvokeCompleteFields = {};
    if (result.kind !== 'ok') {
      fields.ErrorCode = result.error.errorType;
      fields.ErrorDetails = result.error.errorMessage;
    }
    const logResult = this.logResult(result, invocation);
    if (logResult !== undefined) fields.LogResult = logResult;
    this.#start();
    this.closed = true;
    this.res.end(invokeComplete(fields));
  }

  #wake(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }
}
