import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevRuntimeKind, DevServer } from '../../src/types.ts';
import { CaseGenerator, expectedStatus, type FuzzTarget } from '../function-output-cases.ts';

// Issue 14, "Done when": the dev server survives >= 1,000 malformed preludes and results from a
// raw handler (random statuses, header names and values, cookies, JSON shapes; seeded), each
// answered with a clean status (the function's own when HTTP can carry it, else 502), and still
// serves afterwards. The bulk runs on the in-process runtime, a smaller batch on aws-lambda-ric.
const RAW_OUTPUT = fileURLToPath(new URL('../../test-fixtures/raw-output.mjs', import.meta.url));
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);

const PLANS: Array<[DevRuntimeKind, Record<FuzzTarget, number>]> = [
  ['in-process', { 'url-streamed': 450, 'url-buffered': 300, 'rest-buffered': 250 }],
  ['ric', { 'url-streamed': 150, 'url-buffered': 75, 'rest-buffered': 75 }],
];

describe.each(PLANS)('fuzzed function output, %s runtime', (runtime, plan) => {
  const servers = new Map<FuzzTarget, DevServer>();
  beforeAll(async () => {
    const base = { handler: RAW_OUTPUT, port: 0, runtime, maxRuntimes: 1, timeoutSec: 10 };
    const started = await Promise.all([
      startDevServer(base),
      startDevServer({ ...base, export: 'buffered' }),
      startDevServer({ ...base, export: 'buffered', mode: 'rest' }),
    ]);
    servers.set('url-streamed', started[0]);
    servers.set('url-buffered', started[1]);
    servers.set('rest-buffered', started[2]);
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map((server) => server.close()));
  });

  it.each(Object.entries(plan) as Array<[FuzzTarget, number]>)(
    '%s: %i cases, each a clean status',
    async (target, count) => {
      const server = servers.get(target)!;
      const cases = new CaseGenerator(SEED + count + target.length);
      const statuses = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const spec = cases.next(target);
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(spec),
        });
        await response.arrayBuffer(); // the whole body arrives: a complete response
        const expected = expectedStatus(target, spec);
        expect(response.status, `case ${i}: ${JSON.stringify(spec)}`).toBe(expected);
        statuses.set(expected, (statuses.get(expected) ?? 0) + 1);
      }
      // Both kinds were exercised, and the server still answers a plain valid response.
      expect(statuses.get(502) ?? 0).toBeGreaterThan(count / 10);
      expect([...statuses.keys()].some((status) => status !== 502)).toBe(true);
      const spec =
        target === 'url-streamed'
          ? { prelude: { statusCode: 201 }, body: 'ok' }
          : { result: { statusCode: 201, body: 'ok' } };
      const after = await fetch(server.url, {
        method: 'POST',
        body: JSON.stringify(spec),
        headers: { 'content-type': 'application/json' },
      });
      expect(after.status).toBe(201);
      expect(await after.text()).toBe('ok');
      // No response needed the relay's last-resort guard (it would log this).
      const guarded = server.logs.filter(
        (entry) =>
          entry.kind === 'event' && entry.message.startsWith('Relaying the response failed'),
      );
      expect(guarded).toEqual([]);
    },
    120_000,
  );
});
