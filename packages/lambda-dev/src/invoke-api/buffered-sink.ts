import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invocation, InvocationResult, InvocationSink } from '../runtime-api/invocation.ts';
import {
  EXECUTED_VERSION,
  errorPayload,
  type SinkSettings,
  whenAnswerable,
} from './function-error.ts';
import { logTail } from './log-tail.ts';
import {
  type RawResponseLimits,
  type RawResponseTarget,
  receiveRawResponse,
} from './runtime-response.ts';

/**
 * `Invoke` with RequestResponse: collects what the function returned (at most `limit` bytes),
 * then answers 200 with it, or 200 + `X-Amz-Function-Error: Unhandled` + the error JSON.
 */
export class BufferedInvokeSink implements InvocationSink, RawResponseTarget {
  readonly #res: ServerResponse;
  readonly #limits: RawResponseLimits;
  readonly #tail: boolean;
  readonly #memorySizeMb: number;
  readonly #chunks: Buffer[] = [];
  #invocation: Invocation | undefined;
  headSent = false;
  closed = false;
  /** The caller left before its answer. */
  gone = false;
  bytes = 0;
  firstByteAt: number | undefined;

  constructor(res: ServerResponse, settings: SinkSettings) {
    this.#res = res;
    this.#limits = settings.limits;
    this.#tail = settings.tailLog;
    this.#memorySizeMb = settings.memorySizeMb;
    res.once('close', () => {
      if (!this.closed) this.gone = true;
      this.closed = true;
    });
  }

  bind(invocation: Invocation): void {
    this.#invocation = invocation;
  }

  receive(req: IncomingMessage, res: ServerResponse, invocation: Invocation): void {
    receiveRawResponse(req, res, invocation, this, this.#limits);
  }

  begin(): void {}

  write(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    return true;
  }

  onDrain(callback: () => void): void {
    callback();
  }

  settle(result: InvocationResult): void {
    const invocation = this.#invocation;
    if (!invocation) return;
    whenAnswerable(
      this.#tail,
      (callback) => invocation.whenFinished(callback),
      () => this.#respond(result, invocation),
    );
  }

  #respond(result: InvocationResult, invocation: Invocation): void {
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
    this.#res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': body.length,
      'x-amz-executed-version': EXECUTED_VERSION,
      ...(result.kind === 'ok' ? {} : { 'x-amz-function-error': 'Unhandled' }),
      ...(this.#tail
        ? {
            'x-amz-log-result': logTail(
              invocation,
              this.#memorySizeMb,
              result.kind === 'timeout' ? result.error.errorMessage : undefined,
            ),
          }
        : {}),
    });
    this.#res.end(body);
  }
}
