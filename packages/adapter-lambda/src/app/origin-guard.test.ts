// The origin guard through a real handler: events become requests exactly as on Lambda.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-fixtures/adapter/app.ts';
import {
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { capturingSink } from '../../test-fixtures/adapter/response-sink.ts';
import { handle } from '../buffered/handle.ts';
import { InvalidOptionError } from '../errors.ts';
import type { ResultV2 } from '../events/types.ts';
import { streamHandle } from '../stream/stream-handle.ts';
import type { OriginSecret } from './origin-guard.ts';

async function statusWith(secret: string, sent: string | undefined): Promise<number> {
  const guarded = handle(createTestApp(), { originSecret: { header: 'x-secret', value: secret } });
  const headers: Record<string, string> = { host: 'h' };
  if (sent !== undefined) headers['x-secret'] = sent;
  const result = (await guarded(httpApiEvent({ rawPath: '/text', headers }))) as ResultV2;
  return result.statusCode;
}

describe('origin guard', () => {
  it.each([
    ['an ASCII secret', 'Zk2-x_91', 'Zk2-x_91'],
    ['a Latin-1 secret', 'clé', 'clé'],
    ['a secret beyond Latin-1', 'ключ✓€', 'ключ✓€'],
    ['a secret with spaces at its ends (HTTP trims them)', ' k ', 'k'],
  ])('lets %s through when the proxy sends it', async (_, secret, sent) => {
    expect(await statusWith(secret, sent)).toBe(200);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a prefix', 'ключ✓'],
    ['longer', 'ключ✓€€'],
    ['one character off', 'ключ✓$'],
    ['the same text, one letter unaccented', 'ключ✓€'.replace('к', 'k')],
  ])('answers 403 when the header is %s', async (_, sent) => {
    expect(await statusWith('ключ✓€', sent)).toBe(403);
  });
});

describe('origin guard: the raw event', () => {
  const secret = { header: 'X-Secret', value: 'k3y' };
  /** Every header name, in any case, the app finds in c.env.event, plus the request's. */
  function spyApp() {
    const seen: { event: string[]; request: string[] }[] = [];
    const app = (request: Request, env: unknown) => {
      const event = (env as { event: Record<string, unknown> }).event;
      const names = [event.headers, event.multiValueHeaders].flatMap((map) =>
        map && typeof map === 'object' ? Object.keys(map) : [],
      );
      seen.push({ event: names.map((n) => n.toLowerCase()), request: [...request.headers.keys()] });
      return new Response('ok');
    };
    return { app, seen };
  }

  const events = [
    ['Function URL', functionUrlEvent({ headers: { host: 'h', 'x-secret': 'k3y', 'x-a': '1' } })],
    [
      'REST',
      restEvent({
        headers: { 'X-Secret': 'k3y', 'X-A': '1' },
        multiValueHeaders: { 'x-SECRET': ['k3y'], 'X-A': ['1'] },
      }),
    ],
    [
      'ALB',
      albMultiValueEvent({ multiValueHeaders: { host: ['alb.example'], 'x-secret': ['k3y'] } }),
    ],
  ] as const;

  it.each(events)('%s: c.env.event has no secret header either (handle)', async (_, event) => {
    const before = structuredClone(event);
    const { app, seen } = spyApp();
    const result = (await handle(app, { originSecret: secret })(event)) as ResultV2;
    expect(result.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.event).not.toContain('x-secret');
    expect(seen[0]!.event.length).toBeGreaterThan(0);
    expect(seen[0]!.request).not.toContain('x-secret');
    // The runtime's event object itself is left as it came.
    expect(event).toEqual(before);
  });

  it('c.env.event has no secret header (streamHandle)', async () => {
    const { app, seen } = spyApp();
    const sink = capturingSink();
    await streamHandle(app, { originSecret: secret })(events[0][1], sink, lambdaContext());
    expect(seen[0]!.event).toEqual(['host', 'x-a']);
  });
});

describe('origin guard: refused at creation', () => {
  const factories = [
    ['handle', (secret: OriginSecret) => handle(createTestApp(), { originSecret: secret })],
    [
      'streamHandle',
      (secret: OriginSecret) => streamHandle(createTestApp(), { originSecret: secret }),
    ],
  ] as const;

  it.each(
    factories.flatMap(([name, create]) =>
      [' ', '\t \t', '\n'].map((value) => [name, value, create] as const),
    ),
  )('%s: a blank value %j', (_, value, create) => {
    expect(() => create({ header: 'x-secret', value })).toThrow(InvalidOptionError);
  });

  it.each(
    factories.flatMap(([name, create]) =>
      ['x secret', 'x-secret:', 'x-sécret', 'x-secret\r\n', '', '(x)'].map(
        (header) => [name, header, create] as const,
      ),
    ),
  )('%s: an invalid header name %j', (_, header, create) => {
    expect(() => create({ header, value: 'k' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringMatching(/header/) }),
    );
  });

  it.each(
    factories.flatMap(([name, create]) =>
      ['a\r\nx-injected: 1', 'a\0b', 'a\nb'].map((value) => [name, value, create] as const),
    ),
  )('%s: a value no header can carry %j', (_, value, create) => {
    expect(() => create({ header: 'x-secret', value })).toThrow(InvalidOptionError);
  });

  it('a valid name in any case is accepted', () => {
    for (const [, create] of factories) {
      expect(() => create({ header: 'X-Origin_Secret.1', value: 'k' })).not.toThrow();
    }
  });
});
