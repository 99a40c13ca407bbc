import type { IncomingMessage } from 'node:http';
import { type AwsError, enumViolation, invalidContent, unknownOperation } from './aws-errors.ts';

export type InvokeOperation = 'Invoke' | 'InvokeWithResponseStream';
export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/** What an Invoke API request asks for, headers and path parsed, before the body. */
export interface InvokeRequest {
  operation: InvokeOperation;
  /** The `{FunctionName}` path segment, percent-decoded. */
  functionName: string;
  qualifier: string | undefined;
  invocationType: InvocationType;
  tailLog: boolean;
  /** Decoded ClientContext JSON, for the runtime's client-context header. */
  clientContext: string | undefined;
}

const ROUTES: Array<[RegExp, InvokeOperation]> = [
  [/^\/2015-03-31\/functions\/([^/]+)\/invocations$/, 'Invoke'],
  [
    /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations$/,
    'InvokeWithResponseStream',
  ],
];
const INVOCATION_TYPES: Record<InvokeOperation, readonly InvocationType[]> = {
  Invoke: ['Event', 'RequestResponse', 'DryRun'],
  InvokeWithResponseStream: ['RequestResponse', 'DryRun'],
};
const LOG_TYPES = ['None', 'Tail'] as const;
const CLIENT_CONTEXT_LIMIT = 3583;

export function parseInvokeRequest(req: IncomingMessage): InvokeRequest | AwsError {
  const url = new URL(req.url ?? '/', 'http://local');
  const route = ROUTES.find(([pattern]) => pattern.test(url.pathname));
  const segment = route?.[0].exec(url.pathname)?.[1];
  if (req.method !== 'POST' || !route || segment === undefined) {
    return unknownOperation(req.method ?? '?', url.pathname);
  }
  const operation = route[1];
  let functionName: string;
  try {
    functionName = decodeURIComponent(segment);
  } catch {
    return unknownOperation(req.method, url.pathname);
  }
  const invocationType = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!(INVOCATION_TYPES[operation] as readonly string[]).includes(invocationType)) {
    return enumViolation('invocationType', invocationType, INVOCATION_TYPES[operation]);
  }
  const logType = header(req, 'x-amz-log-type') ?? 'None';
  if (!(LOG_TYPES as readonly string[]).includes(logType)) {
    return enumViolation('logType', logType, LOG_TYPES);
  }
  const clientContext = decodeClientContext(header(req, 'x-amz-client-context'));
  if (typeof clientContext === 'object') return clientContext;
  return {
    operation,
    functionName,
    qualifier: url.searchParams.get('Qualifier') ?? undefined,
    invocationType: invocationType as InvocationType,
    tailLog: logType === 'Tail',
    clientContext,
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** ClientContext is base64 of a JSON object; the runtime gets the JSON. */
function decodeClientContext(value: string | undefined): string | undefined | AwsError {
  if (value === undefined) return undefined;
  const bad = invalidContent('Client context must be a valid Base64-encoded JSON object.');
  if (value.length > CLIENT_CONTEXT_LIMIT || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return bad;
  const json = Buffer.from(value, 'base64').toString('utf8');
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? json : bad;
  } catch {
    return bad;
  }
}

/**
 * Lambda accepts only JSON payloads; an empty one reaches the function as `{}`. Returns the
 * event text, or the error AWS answers.
 */
export function eventFromPayload(body: Buffer): string | AwsError {
  if (body.length === 0) return '{}';
  const text = body.toString('utf8');
  try {
    JSON.parse(text);
    return text;
  } catch (err) {
    return invalidContent(
      `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`,
    );
  }
}
