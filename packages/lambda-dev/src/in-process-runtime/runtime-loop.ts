import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ErrorDocument } from '@sluice/adapter-lambda/runtime';
import { awslambdaCompat } from '@sluice/adapter-lambda/runtime';
import { patchConsole, setCurrentRequestId } from './console-patch.ts';
import { buildContext } from './context.ts';
import { formatError, RuntimeError } from './errors.ts';
import { type LoadedHandler, loadHandler } from './handler-loader.ts';
import { type NextInvocation, RuntimeApiClient } from './runtime-client.ts';

export interface RuntimeWorkerData {
  handlerFile: string;
  exportName: string;
}

/**
 * The runtime loop aws-lambda-ric runs, in plain JS: load the handler (or report an init error),
 * then forever GET /next, invoke, and POST the result — streamed when the handler is streamified.
 */
export async function runRuntime(data: RuntimeWorkerData): Promise<never> {
  installAwsLambdaGlobal();
  patchConsole();
  const client = new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API ?? '');
  let loaded: LoadedHandler;
  try {
    loaded = await loadHandler(data.handlerFile, data.exportName);
  } catch (err) {
    console.error('Init Error', errorLine(formatError(err)));
    await client.postInitError(formatError(err)).catch(() => {});
    process.exit(1);
  }
  const concurrent = process.env.AWS_LAMBDA_MAX_CONCURRENCY !== undefined;
  for (;;) {
    let next: NextInvocation;
    try {
      next = await client.next();
    } catch (err) {
      console.error('Failed to get next invocation', String(err));
      process.exit(1);
    }
    const invocation = invoke(client, loaded, next);
    if (!concurrent) await invocation;
  }
}

/** One invocation as the loop hands it to the streaming or the buffered path. */
interface Call {
  client: RuntimeApiClient;
  loaded: LoadedHandler;
  event: unknown;
  context: Record<string, unknown>;
  requestId: string;
}

async function invoke(client: RuntimeApiClient, loaded: LoadedHandler, next: NextInvocation) {
  const context = buildContext(next.headers);
  const requestId = String(context.awsRequestId);
  setCurrentRequestId(requestId);
  const call: Call = { client, loaded, event: JSON.parse(next.body), context, requestId };
  if (loaded.streaming) await invokeStreaming(call);
  else await invokeBuffered(call);
}

async function invokeStreaming({ client, loaded, event, context, requestId }: Call) {
  const { stream, responseDone, fail } = client.streamResponse(requestId, loaded.highWaterMark);
  try {
    const pending = loaded.handler(event, stream, context);
    if (!isPromise(pending)) throw new Error('Streaming does not support non-async handlers.');
    if ((await pending) !== undefined) console.warn('Streaming handlers ignore return values.');
    await responseDone;
    if (!stream.writableFinished) throw new Error('Response stream is not finished.');
  } catch (err) {
    // The stream stays open: the failure goes out as trailers, as aws-lambda-ric sends it.
    await logInvokeError(err);
    await fail(err);
  }
}

async function invokeBuffered({ client, loaded, event, context, requestId }: Call) {
  let body: string;
  try {
    const result = await loaded.handler(event, context);
    await nextTurn();
    body = serialize(result);
  } catch (err) {
    await logInvokeError(err);
    await client.postError(requestId, formatError(err)).catch(() => {});
    return;
  }
  await client.postResponse(requestId, body).catch(() => {});
}

/** `globalThis.awslambda` as the real runtime client installs it (kept if already there). */
function installAwsLambdaGlobal(): void {
  const scope = globalThis as { awslambda?: object };
  scope.awslambda = { ...scope.awslambda, ...awslambdaCompat };
}

/** Like the real client: one turn later (so the handler's own logs come first), then the line. */
async function logInvokeError(err: unknown): Promise<void> {
  await nextTurn();
  console.error('Invoke Error', errorLine(formatError(err)));
}

function serialize(value: unknown): string {
  try {
    return JSON.stringify(value === undefined ? null : value);
  } catch {
    throw new RuntimeError('Runtime.JSONStringifyError', 'Unable to stringify response body');
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function errorLine(doc: ErrorDocument): string {
  return `\t${JSON.stringify({ errorType: doc.errorType, errorMessage: doc.errorMessage, stack: doc.trace })}`;
}
