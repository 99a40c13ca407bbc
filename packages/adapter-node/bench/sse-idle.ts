// Memory per idle SSE stream: STREAMS clients (raw sockets in a child process) each hold one
// open SSE response that sent its first bytes and then stays idle. Reports the server's RSS
// growth (after a forced GC, before vs with the streams open) divided by STREAMS, for
// @sluice/adapter-node, for raw node:http holding the same streams, and for the floor of any
// adapter: raw node:http reading the app's ReadableStream with one pending read.
// Usage: node bench/sse-idle.ts   (env: STREAMS=10000; BENCH_QUICK=1)
import { fork } from 'node:child_process';
import { emit, quick } from '../../../bench/lib/record.ts';
import { type ServerStats, startServer } from './_lib/child.ts';

const STREAMS = Number(process.env.STREAMS ?? (quick ? 200 : 10_000));

async function openStreams(url: string): Promise<() => Promise<void>> {
  const clients = fork(new URL('./_lib/sse-clients.ts', import.meta.url), [url, String(STREAMS)]);
  await new Promise((resolve, reject) => {
    clients.once('message', resolve);
    clients.once('exit', (code) => reject(new Error(`sse clients exited (${code})`)));
  });
  return async () => {
    const exited = new Promise((resolve) => clients.once('exit', resolve));
    clients.send('close');
    await exited;
  };
}

async function measure(kind: string, scenario = 'sse') {
  const server = await startServer('serve-kind.ts', [kind, scenario], ['--expose-gc']);
  await server.send('gc');
  const before = await server.send<ServerStats>('gc');
  const close = await openStreams(`${server.url}/`);
  await server.send('gc');
  const open = await server.send<ServerStats>('gc');
  await close();
  await server.stop();
  return {
    rssKB: (open.rss - before.rss) / STREAMS / 1024,
    heapKB: (open.heapUsed - before.heapUsed) / STREAMS / 1024,
  };
}

const raw = await measure('node:http');
const floor = await measure('node:http + body reader (floor)');
const ours = await measure('@sluice/adapter-node');
const oursCoreSse = await measure('@sluice/adapter-node', 'sse-core');
emit({
  id: 'node.sse-idle.adapter',
  title: `idle SSE streams: RSS per stream (${STREAMS} open)`,
  unit: 'KB',
  value: Number(ours.rssKB.toFixed(1)),
  baseline: { name: 'node:http', value: Number(raw.rssKB.toFixed(1)) },
  ratio: ours.rssKB / raw.rssKB,
  goal: '<= 20 KB',
  met: ours.rssKB <= 20,
  detail:
    `RSS after forced GC, with vs without ${STREAMS} idle streams; JS heap per stream ` +
    `${ours.heapKB.toFixed(1)} KB (node:http ${raw.heapKB.toFixed(1)} KB); floor (node:http ` +
    `reading the app's stream) ${floor.rssKB.toFixed(1)} KB RSS, ${floor.heapKB.toFixed(1)} KB heap`,
});
emit({
  id: 'node.sse-idle.adapter.core-sse',
  title: `idle SSE streams, the app using sse() of @sluice/core: RSS per stream (${STREAMS} open)`,
  unit: 'KB',
  value: Number(oursCoreSse.rssKB.toFixed(1)),
  baseline: { name: 'node:http', value: Number(raw.rssKB.toFixed(1)) },
  ratio: oursCoreSse.rssKB / raw.rssKB,
  detail: `JS heap per stream ${oursCoreSse.heapKB.toFixed(1)} KB`,
});
