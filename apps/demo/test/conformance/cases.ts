// One list of request cases, run unchanged against every target. Each returns an Observation
// that must be identical on all of them; `check` holds what must be true on every target.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { connectSSE, readSSE } from '@sluice/core';
import { expect } from 'vitest';
import { localAnswer } from '../../src/llm/local-answers.ts';
import { FIXTURE_ROWS } from '../../src/stream/fixture-gzip.ts';
import {
  expectedFixtureSha,
  FIXTURE_SERVER_HEADER,
  type FixtureServer,
} from '../support/fixture-server.ts';
import { type Observation, observe, raw } from './http.ts';

/** What every target under test is configured with. */
export interface CaseContext {
  /** Every target's PROXY_TARGET. */
  fixtureServer: FixtureServer;
}

export interface ConformanceCase {
  name: string;
  run(baseUrl: string, context: CaseContext): Promise<Observation>;
  check(observation: Observation): void | Promise<void>;
}

const CHAT_PROMPT = 'How does resume work after a cut?';

/**
 * The platform's proxy over the network: the fixture comes from the fixture server (one request
 * there, its header passed on), gzip byte for byte, never decoded or re-encoded on the way.
 */
export const GZIP_PROXY_CASE: ConformanceCase = {
  name: 'gzip proxy bytes',
  run: async (base, { fixtureServer }) => {
    const hitsBefore = fixtureServer.hits;
    const result = await raw(`${base}/api/proxy/fixtures/large.json.gz`);
    const rows = (JSON.parse(gunzipSync(result.body).toString()) as { rows: unknown[] }).rows;
    const fixtureServerHits = fixtureServer.hits - hitsBefore;
    return { ...observe(result, false), facts: { rows: rows.length, fixtureServerHits } };
  },
  check: async (o) => {
    expect(o.status).toBe(200);
    expect(o.headers['content-encoding']).toBe('gzip');
    expect(o.headers[FIXTURE_SERVER_HEADER]).toBe('hit');
    expect(o.body.bytes).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    expect(o.body.sha256).toBe(await expectedFixtureSha());
    expect(o.facts).toEqual({ rows: FIXTURE_ROWS, fixtureServerHits: 1 });
  },
};

export const CASES: ConformanceCase[] = [
  {
    name: 'text',
    run: async (base) => observe(await raw(`${base}/api/hello`)),
    check: (o) => {
      expect(o.status).toBe(200);
      expect(o.headers['content-type']).toMatch(/^text\/plain/);
      expect(o.body.text).toContain('hello from sluice');
    },
  },
  {
    name: 'json',
    run: async (base) =>
      observe(await raw(`${base}/api/echo?a=1&a=2&b=x%20y`, { headers: { 'x-demo': 'hi' } })),
    check: (o) => {
      expect(o.status).toBe(200);
      expect(JSON.parse(o.body.text!)).toEqual({
        method: 'GET',
        path: '/api/echo',
        query: { a: ['1', '2'], b: ['x y'] },
        demoHeader: 'hi',
        cookie: null,
      });
    },
  },
  {
    name: 'cookies',
    run: async (base) => {
      const set = observe(await raw(`${base}/api/cookies`));
      const sent = await raw(`${base}/api/echo`, { headers: { cookie: 'a=1; b=2' } });
      return { ...set, facts: { received: JSON.parse(sent.body.toString()).cookie } };
    },
    check: (o) => {
      expect(o.headers['set-cookie']).toEqual([
        'session=abc123; Path=/; HttpOnly; SameSite=Lax',
        'theme=dark; Path=/; Max-Age=3600',
      ]);
      expect(o.facts).toEqual({ received: 'a=1; b=2' });
    },
  },
  {
    name: 'redirect',
    run: async (base) => observe(await raw(`${base}/api/redirect`)),
    check: (o) => {
      expect(o.status).toBe(302);
      expect(o.headers.location).toBe('/api/hello');
    },
  },
  {
    name: '204',
    run: async (base) => observe(await raw(`${base}/api/empty`)),
    check: (o) => {
      expect(o.status).toBe(204);
      expect(o.body.bytes).toBe(0);
    },
  },
  {
    name: 'binary',
    run: async (base) => observe(await raw(`${base}/api/bytes?n=70000`), false),
    check: (o) => {
      const expected = Buffer.alloc(70_000);
      for (let i = 0; i < expected.length; i++) expected[i] = i % 256;
      expect(o.status).toBe(200);
      expect(o.body.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    },
  },
  GZIP_PROXY_CASE,
  {
    name: 'sse digest',
    run: async (base) => {
      const result = await raw(`${base}/api/ticks?n=20&intervalMs=5`);
      const events = [];
      const response = new Response(new Uint8Array(result.body), { headers: contentType(result) });
      for await (const event of readSSE(response)) {
        events.push(event);
      }
      return { ...observe(result, false), facts: { events: events.length, last: events.at(-1) } };
    },
    check: (o) => {
      expect(o.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(o.facts).toEqual({
        events: 20,
        last: { id: '20', event: 'message', data: '{"tick":20,"of":20}' },
      });
    },
  },
  {
    name: 'chat cut+resume',
    run: async (base) => {
      let connections = 0;
      let text = '';
      const id = `conf${Math.random().toString(36).slice(2, 12)}`;
      const stream = connectSSE(`${base}/api/chat?cut=7`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, prompt: CHAT_PROMPT }),
        retryMs: 50,
        fetch: (input, init) => {
          connections++;
          return fetch(input, init);
        },
      });
      for await (const message of stream) {
        const data = JSON.parse(message.data) as { delta?: string };
        if (message.event === 'message' && data.delta) text += data.delta;
      }
      return {
        status: 200,
        headers: {},
        body: { bytes: 0, sha256: '' },
        facts: { connections, text },
      };
    },
    check: (o) => {
      expect(o.facts).toEqual({ connections: 2, text: localAnswer(CHAT_PROMPT) });
    },
  },
  {
    name: 'download size',
    run: async (base) => observe(await raw(`${base}/api/download?mb=3`), false),
    check: (o) => {
      expect(o.status).toBe(200);
      expect(o.body.bytes).toBe(3 * 1024 * 1024);
      expect(o.headers['content-type']).toBe('text/csv; charset=utf-8');
    },
  },
  {
    name: 'bad input',
    run: async (base) => {
      const json = { 'content-type': 'application/json' };
      const results = await Promise.all([
        raw(`${base}/api/download?mb=abc`),
        raw(`${base}/api/download?mb=201`),
        raw(`${base}/api/chat`, { method: 'POST', headers: json, body: '{not json' }),
        raw(`${base}/api/chat`, { method: 'POST', headers: json, body: '{"prompt":""}' }),
        raw(`${base}/api/nope`),
      ]);
      return {
        status: 0,
        headers: {},
        body: { bytes: 0, sha256: '' },
        facts: results.map((r) => ({ status: r.status, body: JSON.parse(r.body.toString()) })),
      };
    },
    check: (o) => {
      const codes = (o.facts as { status: number; body: { error: { code: string } } }[]).map(
        (f) => `${f.status} ${f.body.error.code}`,
      );
      expect(codes).toEqual([
        '400 INVALID_PARAMETER',
        '400 INVALID_PARAMETER',
        '400 INVALID_JSON',
        '400 INVALID_PROMPT',
        '404 NOT_FOUND',
      ]);
    },
  },
];

function contentType(result: { headers: Record<string, string | string[] | undefined> }) {
  return { 'content-type': String(result.headers['content-type']) };
}
