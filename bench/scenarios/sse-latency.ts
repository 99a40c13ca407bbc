// Issue 7, items 3 and 7 (latency): a server sends 1,000 SSE events/s, each stamped with its
// send time on the machine's monotonic clock; a client in another process stamps each arrival.
// p50/p99 per run for: @sluice/adapter-node + sse() of @sluice/core; Hono streamSSE on
// @hono/node-server (same load); the same sluice app as a Lambda handler (esbuild bundle,
// streamHandle) behind the Lambda dev server under aws-lambda-ric. Interleaved, median of runs.
import { emit, median, quick } from '../lib/record.ts';
import { interleaved } from '../lib/stats.ts';
import { runClient, type ServerChild, startServer } from './_lib/children.ts';
import type { LatencyResult } from './_lib/sse-client.ts';

const EVENTS = quick ? 300 : 3000; // at 1,000 events/s: seconds per run
const SKIP = quick ? 20 : 100; // first events ride on connection setup: not steady state
const ROUNDS = quick ? 3 : 5;
const KINDS = ['adapter-node', 'hono-node-server', 'lambda-dev'] as const;
type Kind = (typeof KINDS)[number];

const servers = new Map<Kind, ServerChild>();
try {
  for (const kind of KINDS) servers.set(kind, await startServer(kind, 'sse'));
  const measure = (kind: Kind, events: number, skip: number) =>
    runClient<LatencyResult>('./sse-client.ts', [
      `${servers.get(kind)!.url}/?n=${events}`,
      String(events),
      String(skip),
    ]);
  for (const kind of KINDS) await measure(kind, 100, 0); // warm-up (and the runtime's cold start)
  const runs = await interleaved(KINDS, ROUNDS, (kind) => measure(kind, EVENTS, SKIP));
  report(runs);
} finally {
  await Promise.all([...servers.values()].map((server) => server.stop()));
}

function report(runs: Map<Kind, LatencyResult[]>): void {
  const p = (kind: Kind, key: 'p50Ms' | 'p99Ms') => median(runs.get(kind)!.map((r) => r[key]));
  const detail = `${EVENTS} events at 1,000/s per run (first ${SKIP} not counted), median of ${ROUNDS} interleaved runs`;
  const hono = (key: 'p50Ms' | 'p99Ms') => ({
    name: 'Hono streamSSE on @hono/node-server',
    value: p('hono-node-server', key),
  });
  const direct = (key: 'p50Ms' | 'p99Ms') => ({
    name: 'same app on @sluice/adapter-node',
    value: p('adapter-node', key),
  });
  emit({
    id: 'sse-latency.node.p99',
    title: 'SSE send -> arrival p99, 1k events/s, adapter-node + sse(), vs Hono streamSSE',
    unit: 'ms',
    value: p('adapter-node', 'p99Ms'),
    baseline: hono('p99Ms'),
    goal: 'p99 <= 1 ms',
    met: p('adapter-node', 'p99Ms') <= 1,
    detail,
  });
  emit({
    id: 'sse-latency.node.p50',
    title: 'SSE send -> arrival p50, 1k events/s, adapter-node + sse(), vs Hono streamSSE',
    unit: 'ms',
    value: p('adapter-node', 'p50Ms'),
    baseline: hono('p50Ms'),
    detail,
  });
  emit({
    id: 'sse-latency.lambda-dev.p99',
    title: 'SSE send -> arrival p99, 1k events/s, Lambda dev server (ric), vs adapter-node',
    unit: 'ms',
    value: p('lambda-dev', 'p99Ms'),
    baseline: direct('p99Ms'),
    goal: 'p99 <= 2 ms',
    met: p('lambda-dev', 'p99Ms') <= 2,
    detail,
  });
  emit({
    id: 'sse-latency.lambda-dev.p50',
    title: 'SSE send -> arrival p50, 1k events/s, Lambda dev server (ric), vs adapter-node',
    unit: 'ms',
    value: p('lambda-dev', 'p50Ms'),
    baseline: direct('p50Ms'),
    detail,
  });
  // Added latency: what the dev server adds to the same app served directly, on the same load.
  const added = p('lambda-dev', 'p99Ms') - p('adapter-node', 'p99Ms');
  emit({
    id: 'lambda-dev.added-latency.p99',
    title: 'Lambda dev server: added latency per chunk, p99 (dev server − adapter-node, same app)',
    unit: 'ms',
    value: added,
    goal: '<= 1 ms',
    met: added <= 1,
    detail: `${detail}; dev-server p99 ${p('lambda-dev', 'p99Ms').toFixed(3)} ms − adapter-node p99 ${p('adapter-node', 'p99Ms').toFixed(3)} ms`,
  });
}
