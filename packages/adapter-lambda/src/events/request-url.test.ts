// The URL the app sees: its scheme and authority come from the event, so they are checked
// before anything routes on them. Anything but http/https, or an authority that is not
// host[:port], is a 400 the app never sees.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  lambdaContext,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { handle } from '../buffered/handle.ts';
import { InvalidEventError } from '../errors.ts';
import { streamHandle } from '../stream/stream-handle.ts';
import type { LambdaHttpResult } from './types.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the app saw (its URL), or the status it never saw a request for. */
async function urlSeenBy(
  kind: 'handle' | 'streamHandle',
  event: unknown,
): Promise<{ status: number; url?: string }> {
  let url: string | undefined;
  const app = (request: Request) => {
    url = request.url;
    return new Response('ok');
  };
  if (kind === 'handle') {
    const result = (await handle(app)(event)) as LambdaHttpResult;
    return { status: result.statusCode, url };
  }
  const sink = capturingSink();
  await streamHandle(app)(event, sink, lambdaContext());
  const { prelude } = parseStreamed(sink.bytes());
  return { status: (prelude as { statusCode: number }).statusCode, url };
}

const bothHandlers = ['handle', 'streamHandle'] as const;

describe('scheme from x-forwarded-proto', () => {
  const withProto = (proto: string) => [
    functionUrlEvent({ headers: { host: 'h', 'x-forwarded-proto': proto } }),
    restEvent({
      headers: { 'X-Forwarded-Proto': proto },
      multiValueHeaders: { 'X-Forwarded-Proto': [proto] },
    }),
  ];

  it.each(
    bothHandlers.flatMap((kind) =>
      ['https://evil.example/#', 'javascript', 'ftp', 'https, http', 'http:', ''].map(
        (proto) => [kind, proto] as const,
      ),
    ),
  )('%s: %j is a 400, and the app never runs', async (kind, proto) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const event of withProto(proto)) {
      expect(await urlSeenBy(kind, event)).toEqual({ status: 400, url: undefined });
    }
    expect(error.mock.calls[0]?.[1]).toBeInstanceOf(InvalidEventError);
    expect(error.mock.calls[0]?.[1]).toMatchObject({ field: 'headers.x-forwarded-proto' });
  });

  it.each(bothHandlers)('%s: http and https in any case, https when absent', async (kind) => {
    const url = async (event: unknown) => (await urlSeenBy(kind, event)).url;
    const [httpV2, httpRest] = withProto('HTTP');
    expect(await url(httpV2)).toBe('http://abcdefg.lambda-url.us-east-1.on.aws/');
    expect(await url(httpRest)).toBe('http://r2d2c3po.execute-api.us-east-1.amazonaws.com/');
    const bare = functionUrlEvent({ headers: { host: 'h' } });
    expect(await url(bare)).toBe('https://abcdefg.lambda-url.us-east-1.on.aws/');
  });
});

describe('authority', () => {
  const badHosts = [
    'alb.example.com/admin?',
    'alb.example.com#',
    'user@evil.example',
    'evil.example\\x',
    'alb.example.com:99999',
    'alb.example.com:',
    'alb.example.com:8o',
    'a.example, b.example',
    '[::1',
    '',
  ];

  it.each(badHosts)('ALB Host %j is a 400 (handle)', async (host) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const single = albEvent({ headers: { host, 'x-forwarded-proto': 'https' } });
    expect(await urlSeenBy('handle', single)).toEqual({ status: 400, url: undefined });
    const multi = albMultiValueEvent({ multiValueHeaders: { host: [host] } });
    expect(await urlSeenBy('handle', multi)).toEqual({ status: 400, url: undefined });
  });

  it('ALB Host with a port, an IPv4 or an IPv6 literal is the URL authority', async () => {
    for (const host of ['alb.example.com:8080', '192.0.2.7', '[2001:db8::1]:3000', 'A.Example']) {
      const event = albEvent({ headers: { host, 'x-forwarded-proto': 'http' } });
      const { url } = await urlSeenBy('handle', event);
      expect(new URL(url!).host).toBe(host.toLowerCase());
      expect(new URL(url!).pathname).toBe('/');
    }
  });

  it('two ALB Host values cannot both be the authority: 400', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const event = albMultiValueEvent({ multiValueHeaders: { host: ['a.example', 'b.example'] } });
    expect(await urlSeenBy('handle', event)).toEqual({ status: 400, url: undefined });
  });

  it.each(bothHandlers)(
    '%s: a requestContext.domainName that is not host[:port] is a 400',
    async (kind) => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      for (const domainName of ['evil.example/admin?', 'evil.example#', 'a b']) {
        const base = functionUrlEvent();
        const v2 = { ...base, requestContext: { ...base.requestContext, domainName } };
        const rest = restEvent();
        const v1 = { ...rest, requestContext: { ...rest.requestContext, domainName } };
        expect(await urlSeenBy(kind, v2)).toEqual({ status: 400, url: undefined });
        expect(await urlSeenBy(kind, v1)).toEqual({ status: 400, url: undefined });
      }
    },
  );

  it('REST without requestContext.domainName (a console test invoke) uses the Host header', async () => {
    const { requestContext: _, ...noContext } = restEvent({ path: '/p' });
    expect((await urlSeenBy('handle', noContext)).url).toBe(
      'https://r2d2c3po.execute-api.us-east-1.amazonaws.com/p',
    );
  });
});

describe('path and query cannot move the authority', () => {
  it('a path that looks absolute stays a path; # and ? in it stay in it', async () => {
    const v2 = functionUrlEvent({ rawPath: '//evil.example/a?b#c', rawQueryString: 'q=1#frag' });
    const { url } = await urlSeenBy('handle', v2);
    const parsed = new URL(url!);
    expect(parsed.host).toBe('abcdefg.lambda-url.us-east-1.on.aws');
    expect(parsed.pathname).toBe('//evil.example/a%3Fb%23c');
    expect(parsed.search).toBe('?q=1%23frag');
    expect(parsed.hash).toBe('');
    const alb = albEvent({ path: 'x/../admin#', headers: { host: 'alb.example.com' } });
    expect(new URL((await urlSeenBy('handle', alb)).url!).host).toBe('alb.example.com');
  });
});
