// AWS's own sample events (aws-sam-cli templates, aws-lambda-go testdata), read from
// ../shared/reference/aws-sample-events next to the repository when it is there: outside data,
// never copied in. Every HTTP sample goes through handle() and streamHandle() and the Request
// the app sees is checked: method, URL, headers, body. The project's fixtures stay our own.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../test-fixtures/adapter/events.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { handle } from '../buffered/handle.ts';
import { streamHandle } from '../stream/stream-handle.ts';
import type { LambdaHttpResult } from './types.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
const SAMPLES = resolve(REPO_ROOT, '../shared/reference/aws-sample-events');
const available = existsSync(join(SAMPLES, 'SOURCES.md'));

type Json = Record<string, unknown>;
type Tag = { default: string; encoding?: 'base64' | 'url'; type?: string };

/** A sam template with every `{{{tag}}}` set to its default from event-mapping.json. */
function samEvent(service: string, kind: string): Json {
  const mapping = JSON.parse(readFileSync(join(SAMPLES, 'sam/event-mapping.json'), 'utf8'));
  const entry = mapping[service][kind] as { filename: string; tags: Record<string, Tag> };
  const file = join(SAMPLES, 'sam/events', service, `${entry.filename}.json`);
  const tags = new Map(
    Object.entries(entry.tags).map(([name, tag]) => [name.replace(/-/g, '_'), tag]),
  );
  const render = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(render);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v)]));
    }
    if (typeof value !== 'string') return value;
    const whole = /^\{\{\{?(\w+)\}?\}\}$/.exec(value);
    const wholeTag = whole ? tags.get(whole[1]!) : undefined;
    if (wholeTag?.type === 'dict') return JSON.parse(wholeTag.default);
    return value.replace(/\{\{\{?(\w+)\}?\}\}/g, (_, name: string) => {
      const tag = tags.get(name);
      if (!tag) return '';
      if (tag.encoding === 'base64') return Buffer.from(tag.default).toString('base64');
      if (tag.encoding === 'url') return encodeURIComponent(tag.default);
      return tag.default;
    });
  };
  return render(JSON.parse(readFileSync(file, 'utf8'))) as Json;
}

function goEvent(name: string): Json {
  return JSON.parse(readFileSync(join(SAMPLES, 'aws-lambda-go', `${name}.json`), 'utf8'));
}

interface Expected {
  method: string;
  url: string;
  body: string;
  /** Whether AWS can stream this integration (Function URL, REST); else streamHandle refuses. */
  streams: boolean;
}

/**
 * The headers AWS documents for the event: payload 2.0 `headers` plus `cookies` joined with
 * "; "; v1/ALB every value of `multiValueHeaders`, and `headers` for names it lacks. Framing
 * headers describe the decoded body instead.
 */
function documentedHeaders(event: Json, want: Expected): Record<string, string> {
  const out = new Headers();
  const multi = (event.multiValueHeaders ?? {}) as Record<string, string[]>;
  for (const [name, values] of Object.entries(multi)) {
    out.append(name, values.join(name.toLowerCase() === 'cookie' ? '; ' : ', '));
  }
  for (const [name, value] of Object.entries((event.headers ?? {}) as Record<string, string>)) {
    if (!out.has(name)) out.append(name, value);
  }
  if (Array.isArray(event.cookies)) out.append('cookie', event.cookies.join('; '));
  out.delete('content-length');
  out.delete('transfer-encoding');
  if (!/^(GET|HEAD)$/.test(want.method)) {
    out.set('content-length', String(Buffer.byteLength(want.body)));
  }
  return Object.fromEntries(out);
}

type Seen = { method: string; url: string; headers: Record<string, string>; body: string };

async function mirror(request: Request): Promise<Response> {
  const seen: Seen = {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  };
  return Response.json(seen);
}

const ALB_QUERY = 'query=1234ABCD';
const V2_QUERY = 'parameter1=value1&parameter1=value2&parameter2=value';
const SAMPLE_BODY = '{"test":"body"}';
const GO_BODY = '{\r\n\t"a": 1\r\n}';

/** [sample, event loader, what the app must see]. Authorizer and WebSocket samples are no HTTP requests and are left out. */
const samples: [string, () => Json, Expected][] = [
  [
    'sam alb/request',
    () => samEvent('alb', 'request'),
    {
      method: 'POST',
      url: `http://lambda-alb-123578498.us-east-2.elb.amazonaws.com/path/to/resource?${ALB_QUERY}`,
      body: SAMPLE_BODY,
      streams: false,
    },
  ],
  // No requestContext.domainName: the Host header names the authority, the multi-value one
  // (which differs from `headers.Host` in this template) being AWS's full list.
  [
    'sam apigateway/aws-proxy',
    () => samEvent('apigateway', 'aws-proxy'),
    {
      method: 'POST',
      url: 'https://0123456789.execute-api.us-east-1.amazonaws.com/path/to/resource?foo=bar',
      body: SAMPLE_BODY,
      streams: true,
    },
  ],
  [
    'sam apigateway/http-api-proxy',
    () => samEvent('apigateway', 'http-api-proxy'),
    {
      method: 'POST',
      url: `https://id.execute-api.us-east-1.amazonaws.com/path/to/resource?${V2_QUERY}`,
      body: SAMPLE_BODY,
      streams: false,
    },
  ],
  [
    'go alb headers-only',
    () => goEvent('alb-lambda-target-request-headers-only'),
    {
      method: 'GET',
      url: 'http://lambda-test-alb-1334523864.us-east-1.elb.amazonaws.com/?key=hello',
      body: '',
      streams: false,
    },
  ],
  [
    'go alb multi-value',
    () => goEvent('alb-lambda-target-request-multivalue-headers'),
    {
      method: 'GET',
      url: 'http://lambda-test-alb-1234567.us-east-1.elb.amazonaws.com/?key=hello',
      body: '',
      streams: false,
    },
  ],
  // requestContext.domainName (us-east-2) wins over the Host header (us-east-1).
  [
    'go apigw-request',
    () => goEvent('apigw-request'),
    {
      method: 'POST',
      url: 'https://gy415nuibc.execute-api.us-east-2.amazonaws.com/hello/world?name=me',
      body: GO_BODY,
      streams: true,
    },
  ],
  [
    'go apigw-restapi-openapi-request',
    () => goEvent('apigw-restapi-openapi-request'),
    {
      method: 'POST',
      url: 'https://gy415nuibc.execute-api.us-east-2.amazonaws.com/hello/world?name=me',
      body: GO_BODY,
      streams: true,
    },
  ],
  ...['iam', 'jwt-authorizer', 'lambda-authorizer'].map((name): [string, () => Json, Expected] => [
    `go apigw-v2-request-${name}`,
    () => goEvent(`apigw-v2-request-${name}`),
    {
      method: 'GET',
      url: `https://id.execute-api.us-east-1.amazonaws.com/my/path?${V2_QUERY}`,
      body: '',
      streams: false,
    },
  ]),
  [
    'go apigw-v2-request-no-authorizer',
    () => goEvent('apigw-v2-request-no-authorizer'),
    {
      method: 'GET',
      url: 'https://aaaaaaaaaa.execute-api.us-west-2.amazonaws.com/',
      body: '',
      streams: false,
    },
  ],
];

afterEach(() => {
  vi.restoreAllMocks();
});

const title = available
  ? 'AWS sample events'
  : `AWS sample events (skipped: ${SAMPLES} not found; it holds outside data, present only next to the development checkout)`;

describe.skipIf(!available)(title, () => {
  it.each(samples)('%s: handle() gives the app the documented request', async (_, load, want) => {
    const event = load();
    const result = (await handle(mirror)(event, lambdaContext())) as LambdaHttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      method: want.method,
      url: want.url,
      headers: documentedHeaders(event, want),
      body: want.body,
    });
  });

  it.each(samples)(
    '%s: streamHandle() gives the same request, or refuses a buffered-only integration',
    async (_, load, want) => {
      const event = load();
      const sink = capturingSink();
      const run = streamHandle(mirror)(event, sink, lambdaContext());
      if (!want.streams) {
        await expect(run).rejects.toMatchObject({ code: 'STREAMING_UNSUPPORTED_EVENT' });
        return;
      }
      await run;
      const viaHandle = JSON.parse(
        ((await handle(mirror)(load(), lambdaContext())) as LambdaHttpResult).body,
      );
      expect(JSON.parse(parseStreamed(sink.bytes()).body.toString())).toEqual(viaHandle);
    },
  );

  it('lambda-urls-request carries a documentation placeholder (<url-id>) as its domain: a 400, never a URL', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const event = goEvent('lambda-urls-request');
    const app = vi.fn(mirror);
    const result = (await handle(app)(event, lambdaContext())) as LambdaHttpResult;
    expect(result.statusCode).toBe(400);
    const sink = capturingSink();
    await streamHandle(app)(event, sink, lambdaContext());
    expect(parseStreamed(sink.bytes()).prelude).toMatchObject({ statusCode: 400 });
    expect(app).not.toHaveBeenCalled();
    expect(error.mock.calls.map((call) => call[1])).toEqual([
      expect.objectContaining({ field: 'requestContext.domainName' }),
      expect.objectContaining({ field: 'requestContext.domainName' }),
    ]);
    // The same event with a real Function URL domain is read like any other.
    const context = event.requestContext as Json;
    const real = {
      ...event,
      requestContext: { ...context, domainName: 'abc123.lambda-url.us-west-2.on.aws' },
    };
    const seen = JSON.parse(
      ((await handle(mirror)(real, lambdaContext())) as LambdaHttpResult).body,
    );
    expect(seen).toMatchObject({
      method: 'POST',
      url: `https://abc123.lambda-url.us-west-2.on.aws/my/path?${V2_QUERY}`,
      body: 'Hello from client!',
      headers: { cookie: 'cookie1; cookie2', header2: 'value1,value2', 'content-length': '18' },
    });
  });
});
