// An event that matches a source but carries a field of the wrong type is a client-facing 400
// with a typed, logged InvalidEventError: never a bare TypeError, never a rejected invocation,
// never a Request built from a guess.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  albEvent,
  functionUrlEvent,
  lambdaContext,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { handle } from '../buffered/handle.ts';
import { InvalidEventError } from '../errors.ts';
import type { LambdaHttpResult } from '../events/types.ts';
import { streamHandle } from '../stream/stream-handle.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** `base` with the value at `path` (dot-separated) replaced, or removed when `value` is absent. */
function withField(base: object, path: string, ...value: [unknown?]): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop()!;
  let target = copy;
  for (const key of keys) target = target[key] as Record<string, unknown>;
  if (value.length === 0) delete target[last];
  else target[last] = value[0];
  return copy;
}

const post = (body: string) => functionUrlEvent({ method: 'POST', body });
const restPost = restEvent({ httpMethod: 'POST', body: 'x' });

/** [event kind, base event, field path, wrong value, field the error must name]. */
const cases: [string, object, string, unknown, string][] = [
  ['v2', functionUrlEvent(), 'requestContext.domainName', 42, 'requestContext.domainName'],
  [
    'v2',
    functionUrlEvent(),
    'requestContext.domainName',
    { host: 'h' },
    'requestContext.domainName',
  ],
  ['v2', functionUrlEvent(), 'requestContext.http.method', 7, 'requestContext.http.method'],
  ['v2', functionUrlEvent(), 'requestContext.http.method', 'GE T', 'requestContext.http.method'],
  ['v2', functionUrlEvent(), 'requestContext.http.method', '', 'requestContext.http.method'],
  ['v2', functionUrlEvent(), 'rawPath', 42, 'rawPath'],
  ['v2', functionUrlEvent(), 'rawPath', null, 'rawPath'],
  ['v2', functionUrlEvent(), 'rawQueryString', ['a=1'], 'rawQueryString'],
  ['v2', functionUrlEvent(), 'headers', 'host: h', 'headers'],
  ['v2', functionUrlEvent(), 'headers', ['h'], 'headers'],
  ['v2', functionUrlEvent(), 'headers.x-a', 5, 'headers.x-a'],
  ['v2', functionUrlEvent(), 'headers.x-a', { v: 1 }, 'headers.x-a'],
  ['v2', functionUrlEvent(), 'cookies', 'a=1', 'cookies'],
  ['v2', functionUrlEvent(), 'cookies', ['a=1', 2], 'cookies'],
  ['v2', post('x'), 'body', 5, 'body'],
  ['v2', post('x'), 'body', { data: 'x' }, 'body'],
  ['v2', post('eA=='), 'isBase64Encoded', 'true', 'isBase64Encoded'],
  ['v1', restEvent(), 'httpMethod', 5, 'httpMethod'],
  ['v1', restEvent(), 'path', 5, 'path'],
  ['v1', restEvent(), 'path', undefined, 'path'],
  ['v1', restEvent(), 'requestContext', 'ctx', 'requestContext'],
  ['v1', restEvent(), 'requestContext.domainName', 42, 'requestContext.domainName'],
  ['v1', restEvent(), 'headers', 5, 'headers'],
  ['v1', restEvent(), 'multiValueHeaders', ['a'], 'multiValueHeaders'],
  ['v1', restEvent(), 'multiValueHeaders.Accept', 'text/html', 'multiValueHeaders.Accept'],
  ['v1', restEvent(), 'multiValueHeaders.Accept', ['a', 1], 'multiValueHeaders.Accept'],
  ['v1', restEvent(), 'queryStringParameters', 'a=1', 'queryStringParameters'],
  ['v1', restEvent(), 'queryStringParameters', { a: 1 }, 'queryStringParameters.a'],
  [
    'v1',
    restEvent(),
    'multiValueQueryStringParameters',
    { a: 'b' },
    'multiValueQueryStringParameters.a',
  ],
  ['v1', restPost, 'body', 12, 'body'],
  ['v1', restPost, 'isBase64Encoded', 1, 'isBase64Encoded'],
  ['alb', albEvent(), 'httpMethod', null, 'httpMethod'],
  ['alb', albEvent(), 'headers.host', 5, 'headers.host'],
  ['alb', albEvent(), 'queryStringParameters', [1], 'queryStringParameters'],
];

async function viaHandle(event: unknown) {
  const result = (await handle(app)(event, lambdaContext())) as LambdaHttpResult;
  return { status: result.statusCode, body: result.body };
}

async function viaStreamHandle(event: unknown) {
  const sink = capturingSink();
  await streamHandle(app)(event, sink, lambdaContext());
  const { prelude, body } = parseStreamed(sink.bytes());
  return { status: (prelude as { statusCode: number }).statusCode, body: body.toString() };
}

const app = vi.fn(() => new Response('the app ran'));

describe.each([
  ['handle', viaHandle, ['v2', 'v1', 'alb']],
  ['streamHandle', viaStreamHandle, ['v2', 'v1']],
] as const)('%s: wrong-typed fields', (_, invoke, kinds) => {
  it.each(cases.filter(([kind]) => (kinds as readonly string[]).includes(kind)))(
    '%s %s = %j -> 400, InvalidEventError naming %s logged',
    async (_kind, base, path, value, field) => {
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      app.mockClear();
      const event = value === undefined ? withField(base, path) : withField(base, path, value);
      const { status, body } = await invoke(event);
      expect(status).toBe(400);
      expect(JSON.parse(body)).toEqual({
        error: { code: 'BAD_REQUEST', message: 'The request could not be read' },
      });
      expect(app).not.toHaveBeenCalled();
      expect(error).toHaveBeenCalledTimes(1);
      const logged = error.mock.calls[0]?.[1];
      expect(logged).toBeInstanceOf(InvalidEventError);
      expect(logged).toMatchObject({ code: 'INVALID_EVENT', field });
    },
  );
});

describe('a request the platform cannot construct is a typed 400 too', () => {
  it.each(['CONNECT', 'TRACE', 'TRACK'])('method %s', async (method) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const event = functionUrlEvent({ method });
    expect((await viaHandle(event)).status).toBe(400);
    expect((await viaStreamHandle(event)).status).toBe(400);
    expect(error.mock.calls.map((call) => call[1])).toEqual([
      expect.any(InvalidEventError),
      expect.any(InvalidEventError),
    ]);
    expect(error.mock.calls[0]?.[1]).toMatchObject({ cause: expect.any(TypeError) });
  });
});
