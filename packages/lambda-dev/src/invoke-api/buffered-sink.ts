import type { Invocation, InvocationResult } from '../runtime-api/invocation.ts';
import { CallerInvokeSink } from './caller-sink.ts';
import { EXECUTED_VERSION, errorPayload } from './function-error.ts';

/**
 * `Invoke` with RequestResponse: collects what the function returned (at most the buffered
 * limit), then answers 200 with it, or 200 + `X-Amz-Function-Error: Unhandled` + the error JSON.
 */
export class BufferedInvokeSink extends CallerInvokeSink {
  readonly #chunks: Buffer[] = [];

  begin(): void {}

  write(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    return true;
  }

  onDrain(callback: () => void): void {
    callback();
  }

  protected answer(result: InvocationResult, invocation: Invocation): void {
    if (this.closed) return;
    this.headSent = true;
    this.closed = true;
    const body =
      result.kind === 'ok'
        ? Buffer.concat(this.#chunks)
        : Buffer.from(errorPayload(result, invocation.id));
    this.#chunks.length = 0;
    this.bytes = body.length;
    this.firstByteAt = Date.now();
    const logResult = this.logResult(result, invocation);
    this.res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': body.length,
      'x-amz-executed-version': EXECUTED_VERSION,
      ...(result.kind === 'ok' ? {} : { 'x-amz-function-error': 'Unhandled' }),
      ...(logResult === undefined ? {} : { 'x-amz-log-result': logResult }),
    });
    this.res.end(body);
  }
}
