import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FunctionError, functionError } from '../errors.ts';
import type { DevLog } from '../log.ts';
import type { ResolvedLimits } from '../options.ts';
import { failWhenCutShort, responseTooLarge } from '../runtime-api/cut-short.ts';
import type { Invocation } from '../runtime-api/invocation.ts';
import { isPreludeContentType, PreludeParser } from '../runtime-api/prelude.ts';
import { trailerError } from '../runtime-api/response-post.ts';
import type { DevMode } from '../types.ts';
import type { BandwidthModel } from './bandwidth.ts';
import { headProblem } from './head-check.ts';
import { headFromPrelude } from './response-head.ts';

export interface RelayContext {
  /** The runtime's streaming POST .../response. */
  req: IncomingMessage;
  /** Our answer to the runtime, sent once its body has ended. */
  res: ServerResponse;
  invocation: Invocation;
  mode: DevMode;
  limits: ResolvedLimits;
  bandwidth: BandwidthModel | undefined;
  log: DevLog;
}

/**
 * Forwards a streaming response to the client chunk by chunk: the runtime's body is paused
 * whenever the client is slow, so nothing accumulates here. The prelude (when the content type
 * asks for one) sets status and headers; error trailers settle the invocation as failed.
 */
export function relayStream(ctx: RelayContext): void {
  const { req, invocation, mode, limits, bandwidth } = ctx;
  const client = invocation.client;
  const contentType = req.headers['content-type'] ?? 'application/octet-stream';
  const parser = isPreludeContentType(contentType) ? new PreludeParser() : undefined;
  // Without a prelude the client gets status 200 and the runtime's content type (as a Function
  // URL does); start() is a no-op after the first call, so one head object serves every chunk.
  const rawHead = { status: 200, headers: { 'content-type': contentType } };
  let preludeDone = parser === undefined;
  let failed = false;
  let bodyBytes = 0;

  const fail = (error: FunctionError): void => {
    failed = true;
    invocation.settle({ kind: 'error', error });
  };

  const onChunk = (chunk: Buffer) => {
    if (failed || invocation.settled) return; // drained and dropped
    let body = chunk;
    if (!preludeDone && parser) {
      const step = parser.push(chunk);
      if (step.state === 'need-more') return;
      if (step.state === 'error') return fail(step.error);
      preludeDone = true;
      const head = headFromPrelude(mode, step.prelude);
      const problem = headProblem(head);
      if (problem) return fail(malformedPrelude(problem));
      if (!client.start(head)) return fail(malformedPrelude('node:http refused its head'));
      body = step.rest;
    }
    if (body.length === 0) return;
    if (!client.start(rawHead)) {
      return fail(functionError('Runtime.InvalidResponse', `Invalid content type ${contentType}`));
    }
    bodyBytes += body.length;
    if (bodyBytes > limits.streamedResponseBytes) {
      return fail(responseTooLarge(limits.streamedResponseBytes));
    }
    const flowing = client.write(body);
    const delay = bandwidth?.delayAfter(bodyBytes) ?? 0;
    if (flowing && delay === 0) return;
    req.pause();
    const resume = (): void => client.onDrain(() => req.resume());
    if (delay > 0) setTimeout(resume, delay);
    else resume();
  };

  // Whatever the function sent, a throw in a listener would end the whole dev server: it fails
  // this invocation instead, and says why.
  const guarded =
    <A extends unknown[]>(listener: (...args: A) => void) =>
    (...args: A): void => {
      try {
        listener(...args);
      } catch (error) {
        ctx.log.event({
          level: 'error',
          requestId: invocation.id,
          ...(invocation.runtimeId === undefined ? {} : { runtimeId: invocation.runtimeId }),
          message: `Relaying the response failed: ${(error as Error).stack ?? error}`,
        });
        fail(
          functionError('Runtime.InvalidResponse', `The response could not be relayed: ${error}`),
        );
      }
    };

  req.on('data', guarded(onChunk));

  req.once(
    'end',
    guarded(() => {
      answerRuntime(ctx.res, 202, { status: 'OK' });
      if (failed || invocation.settled) return;
      const error = trailerError(req);
      if (error) return fail(error);
      if (!preludeDone && parser) {
        if (parser.heldBytes > 0) {
          return fail(
            functionError(
              'Runtime.MalformedPrelude',
              `Response ended after ${parser.heldBytes} bytes without the 8-NUL-byte delimiter ` +
                'that ends the prelude.',
            ),
          );
        }
        ctx.log.event({
          level: 'warn',
          requestId: invocation.id,
          ...(invocation.runtimeId === undefined ? {} : { runtimeId: invocation.runtimeId }),
          message:
            'Response stream ended without any write: the prelude (status, headers, cookies) was ' +
            "never sent, as on Lambda. Write at least '' after HttpResponseStream.from().",
        });
      }
      client.start({ status: 200, headers: parser ? {} : { 'content-type': contentType } }, false);
      invocation.settle({ kind: 'ok' });
    }),
  );

  failWhenCutShort(req, invocation);
}

function malformedPrelude(problem: string): FunctionError {
  return functionError('Runtime.MalformedPrelude', `Response prelude ${problem}`);
}

export function answerRuntime(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
