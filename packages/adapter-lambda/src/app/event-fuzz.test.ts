// 1,200 seeded random mutations of real-shaped events (wrong types, missing fields, odd strings,
// hostile headers) thrown at handle() and streamHandle(). Each must end in a well-formed result
// or prelude; the only rejections allowed are the typed, documented ones for an event that is
// no HTTP event at all (UNSUPPORTED_EVENT) or cannot be streamed (STREAMING_UNSUPPORTED_EVENT).
// Whatever the app gets must be a Request built only from checked parts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  httpApiV1Event,
  lambdaContext,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { handle } from '../buffered/handle.ts';
import { InvalidEventError, LambdaAdapterError } from '../errors.ts';
import { streamHandle } from '../stream/stream-handle.ts';

const RUNS = 1200;
const SEED = 0x51_0c_e1;
const EXPECTED_REJECTIONS = new Set(['UNSUPPORTED_EVENT', 'STREAMING_UNSUPPORTED_EVENT']);

/** mulberry32: small, seeded, good enough to pick mutations reproducibly. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  true,
  false,
  '',
  ' ',
  'GET',
  'POST',
  'CONNECT',
  '/',
  '//evil.example/x',
  'https://evil.example/#',
  'javascript',
  'alb.example.com/admin?',
  'a\r\nx-injected: 1',
  '\0',
  '€',
  '日本',
  '%zz',
  '{{{path}}}',
  'aGVsbG8=',
  'aGVsbG8',
  '***',
  'x'.repeat(5000),
  {},
  [],
  ['a'],
  [1, 'b'],
  { a: 1 },
  { a: 'b' },
  { a: ['b', 'c'] },
  { http: { method: 'GET' } },
  { elb: {} },
];

const HEADER_NAMES = [
  'host',
  'Host',
  'x-forwarded-proto',
  'content-length',
  'transfer-encoding',
  'cookie',
  'x-a',
  'a b',
  'é',
  '',
  'x-\r\n',
];

const BASES = [
  () => functionUrlEvent(),
  () => functionUrlEvent({ method: 'POST', body: 'aGVsbG8=', isBase64Encoded: true }),
  () => httpApiEvent({ method: 'PUT', body: 'text ✓' }),
  () => restEvent({ httpMethod: 'POST', body: '{"a":1}' }),
  () => httpApiV1Event(),
  () => albEvent({ httpMethod: 'POST', body: 'x' }),
  () => albMultiValueEvent(),
];

type Json = Record<string, unknown>;

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const nested = Object.keys(value).flatMap((key) => paths((value as Json)[key], [...prefix, key]));
  return prefix.length > 0 ? [prefix, ...nested] : nested;
}

function mutate(random: () => number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  if (random() < 0.03) return pick([null, 'event', 42, [], {}]);
  const event = pick(BASES)() as unknown as Json;
  const operations = 1 + Math.floor(random() * 4);
  for (let i = 0; i < operations; i++) {
    const roll = random();
    if (roll < 0.55) {
      const path = pick(paths(event));
      let target: Json = event;
      for (const key of path.slice(0, -1)) target = target[key] as Json;
      if (target === null || typeof target !== 'object') continue;
      const last = path[path.length - 1]!;
      if (roll < 0.1) delete target[last];
      else target[last] = structuredClone(pick(ODD_VALUES));
    } else {
      const map = pick(['headers', 'multiValueHeaders']);
      const name = pick(HEADER_NAMES);
      const value = pick(ODD_VALUES);
      const headers = event[map];
      if (headers !== null && typeof headers === 'object') {
        (headers as Json)[name] = map === 'multiValueHeaders' && random() < 0.7 ? [value] : value;
      }
    }
  }
  return event;
}

/** What the app found wrong in the Request it got; it must never find anything. */
const violations: string[] = [];
const AUTHORITY = /^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

async function echoApp(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') violations.push(`scheme ${url.href}`);
  if (!AUTHORITY.test(url.host)) violations.push(`authority ${url.host}`);
  if (url.hash !== '') violations.push(`fragment ${url.href}`);
  const body = await request.arrayBuffer();
  const length = request.headers.get('content-length');
  if (length !== null && Number(length) !== body.byteLength) {
    violations.push(`content-length ${length} for ${body.byteLength} bytes`);
  }
  if (request.headers.has('transfer-encoding')) violations.push('transfer-encoding passed on');
  return Response.json({ url: request.url, bytes: body.byteLength }, { headers: { 'x-ok': '1' } });
}

function isStringMap(value: unknown, ofLists = false): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every((v) =>
    ofLists ? Array.isArray(v) && v.every((s) => typeof s === 'string') : typeof v === 'string',
  );
}

function checkResult(result: unknown): number {
  const r = result as Json;
  expect(Number.isInteger(r.statusCode) && (r.statusCode as number) >= 100).toBe(true);
  expect(typeof r.body).toBe('string');
  expect(typeof r.isBase64Encoded).toBe('boolean');
  expect(isStringMap(r.headers) || isStringMap(r.multiValueHeaders, true)).toBe(true);
  if (r.cookies !== undefined) expect(isStringMap({ ...(r.cookies as string[]) })).toBe(true);
  expect(() => JSON.stringify(r)).not.toThrow();
  return r.statusCode as number;
}

function checkPrelude(bytes: Buffer): number {
  const { prelude } = parseStreamed(bytes);
  const p = prelude as Json;
  expect(Number.isInteger(p.statusCode)).toBe(true);
  expect(isStringMap(p.headers)).toBe(true);
  expect(Array.isArray(p.cookies)).toBe(true);
  return p.statusCode as number;
}

interface Tally {
  ok: number;
  badRequest: number;
  rejected: number;
}

/** One event through one handler; the status it answered, or the typed rejection's code. */
async function run(kind: 'handle' | 'streamHandle', event: unknown, logged: unknown[][]) {
  const before = logged.length;
  let status: number;
  try {
    if (kind === 'handle') {
      status = checkResult(await handle(echoApp)(event, lambdaContext()));
    } else {
      const sink = capturingSink();
      try {
        await streamHandle(echoApp)(event, sink, lambdaContext());
      } catch (error) {
        expect(sink.total).toBe(0);
        throw error;
      }
      expect(sink.writableFinished).toBe(true);
      status = checkPrelude(sink.bytes());
    }
  } catch (error) {
    if (!(error instanceof LambdaAdapterError) || !EXPECTED_REJECTIONS.has(error.code)) throw error;
    return 'rejected' as const;
  }
  const errors = logged.slice(before).map((call) => call[1]);
  if (status === 400) {
    // Ours, never the echo app's: logged once, typed.
    expect(errors).toEqual([expect.any(InvalidEventError)]);
    return 'badRequest' as const;
  }
  expect(status).toBe(200);
  expect(errors).toEqual([]);
  return 'ok' as const;
}

describe('fuzzed events', () => {
  const logged: unknown[][] = [];
  beforeAll(() => {
    vi.spyOn(console, 'error').mockImplementation((...args) => {
      logged.push(args);
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it(`${RUNS} mutated events: a well-formed answer from both handlers, never a stray throw`, async () => {
    const random = randomSource(SEED);
    const tally: Record<'handle' | 'streamHandle', Tally> = {
      handle: { ok: 0, badRequest: 0, rejected: 0 },
      streamHandle: { ok: 0, badRequest: 0, rejected: 0 },
    };
    for (let i = 0; i < RUNS; i++) {
      const event = mutate(random);
      for (const kind of ['handle', 'streamHandle'] as const) {
        const copy = structuredClone(event);
        try {
          tally[kind][await run(kind, copy, logged)]++;
        } catch (error) {
          const shown = JSON.stringify(event, (_, v) => (v === undefined ? '(undefined)' : v));
          throw new Error(`run ${i} (${kind}) failed for ${shown.slice(0, 2000)}`, {
            cause: error,
          });
        }
      }
    }
    expect(violations).toEqual([]);
    // The mutations reach every outcome, most of them past detection.
    for (const kind of ['handle', 'streamHandle'] as const) {
      expect(tally[kind].ok).toBeGreaterThan(RUNS / 10);
      expect(tally[kind].badRequest).toBeGreaterThan(RUNS / 10);
    }
    expect(tally.handle.rejected).toBeLessThan(RUNS / 5);
  });
});
