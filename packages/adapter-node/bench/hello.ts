// Hello-world requests/s: @sluice/adapter-node vs @hono/node-server and srvx with their
// defaults, and raw node:http.
// Each measurement is a fresh server child process; the load generator (wrk if installed,
// else an undici client) is another process. Kinds are interleaved (rotated each round) and
// each figure is the median of RUNS rounds, as a ratio to raw node:http measured alongside.
// Server CPU per request is in `detail`: it does not depend on the load generator keeping up.
// Usage: node bench/hello.ts   (env: RUNS=5 DURATION_MS=3000 CONNECTIONS=32; BENCH_QUICK=1)
import { emit, median, quick } from '../../../bench/lib/record.ts';
import { loadGenerator, measureRps, type ServerStats, startServer } from './_lib/child.ts';

const RUNS = Number(process.env.RUNS ?? (quick ? 1 : 5));
const DURATION_MS = Number(process.env.DURATION_MS ?? (quick ? 500 : 3000));
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const RAW = 'node:http';
const HONO = '@hono/node-server';
const KINDS: Record<string, { id: string; title: string; goal?: string }> = {
  [RAW]: { id: 'node.hello.raw', title: 'hello: raw node:http (no Content-Length: chunked)' },
  '@sluice/adapter-node': {
    id: 'node.hello.adapter',
    title: 'hello: @sluice/adapter-node, vs @hono/node-server defaults',
    goal: '>= 0.98x @hono/node-server',
  },
  [HONO]: {
    id: 'node.hello.hono',
    title: 'hello: @hono/node-server defaults (lightweight globals)',
  },
  srvx: { id: 'node.hello.srvx', title: 'hello: srvx defaults (native Response)' },
  'srvx + FastResponse': {
    id: 'node.hello.srvx-fast',
    title: "hello: srvx, the app returns srvx's FastResponse",
  },
  '@sluice/adapter-node (globals kept)': {
    id: 'node.hello.adapter-globals-kept',
    title: 'hello: @sluice/adapter-node, overrideGlobalObjects: false',
  },
  '@hono/node-server (globals kept)': {
    id: 'node.hello.hono-globals-kept',
    title: 'hello: @hono/node-server, overrideGlobalObjects: false',
  },
};
const kinds = Object.keys(KINDS);
const rps = new Map<string, number[]>(kinds.map((kind) => [kind, []]));
const cpu = new Map<string, number[]>(kinds.map((kind) => [kind, []]));

for (let round = 0; round < RUNS; round++) {
  const order = [...kinds.slice(round % kinds.length), ...kinds.slice(0, round % kinds.length)];
  for (const kind of order) {
    const server = await startServer('serve-kind.ts', [kind, 'hello']);
    await measureRps(`${server.url}/`, Math.min(1000, DURATION_MS), CONNECTIONS); // warm-up
    await server.send('reset');
    rps.get(kind)!.push(await measureRps(`${server.url}/`, DURATION_MS, CONNECTIONS));
    const stats = await server.send<ServerStats>('stats');
    cpu.get(kind)!.push(stats.cpuMicros / stats.requests);
    await server.stop();
  }
}

const rawCpu = median(cpu.get(RAW)!);
for (const [kind, { id, title, goal }] of Object.entries(KINDS)) {
  const value = Math.round(median(rps.get(kind)!));
  const kindCpu = median(cpu.get(kind)!);
  // Ours against the server users would otherwise pick; the others against raw node:http.
  const baselineKind = kind === '@sluice/adapter-node' ? HONO : RAW;
  const baseline = median(rps.get(baselineKind)!);
  const ratio = value / baseline;
  // Shown by `pnpm bench` next to the table line (the record's detail is not printed there).
  console.log(
    `${kind}: runs ${rps.get(kind)!.map(Math.round).join(', ')} req/s, CPU ${kindCpu.toFixed(1)} us/req`,
  );
  emit({
    id,
    title,
    unit: 'req/s',
    value,
    ...(kind === RAW
      ? {}
      : { baseline: { name: baselineKind, value: Math.round(baseline) }, ratio }),
    ...(goal ? { goal, met: ratio >= 0.98 } : {}),
    detail:
      `median of ${RUNS} interleaved runs x ${DURATION_MS} ms, ${CONNECTIONS} connections, ` +
      `load: ${loadGenerator}; runs ${rps.get(kind)!.map(Math.round).join(', ')} req/s; ` +
      `server CPU ${kindCpu.toFixed(1)} us/req (raw ${rawCpu.toFixed(1)}, ` +
      `raw/this ${(rawCpu / kindCpu).toFixed(2)}x)`,
  });
}
