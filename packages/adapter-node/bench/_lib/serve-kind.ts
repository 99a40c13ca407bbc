// Bench child: serves one scenario with one server kind on 127.0.0.1, port 0.
// Usage (forked by the benches): node bench/_lib/serve-kind.ts <kind> <scenario>
// IPC: sends { port } once listening; answers 'reset' and 'stats' with ServerStats.
import { createServer, type RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { FastResponse as SrvxFastResponse, serve as srvxServe } from 'srvx/node';
import { createListener } from '../../src/index.ts';
import { scenarios } from './scenarios.ts';

const [kind = '', scenarioName = ''] = process.argv.slice(2);
const scenario = scenarios[scenarioName];
if (scenario === undefined) throw new Error(`unknown scenario ${scenarioName}`);

const listeners: Record<string, () => RequestListener> = {
  'node:http': () => scenario.raw,
  // Raw node:http that also builds (and drops) the app's web Response: the app's own cost.
  'node:http + new Response()': () => {
    const request = new Request('http://localhost/');
    return (req, res) => {
      void scenario.app.fetch(request);
      scenario.raw(req, res);
    };
  },
  // The least any adapter of a fetch-style app holds per open response: the app's Response
  // body read by a reader (one pending read) and a close listener that cancels it.
  'node:http + body reader (floor)': () => {
    const request = new Request('http://localhost/');
    return async (_req, res) => {
      const response = (await scenario.app.fetch(request)) as Response;
      res.writeHead(response.status, [...response.headers].flat());
      const reader = response.body!.getReader();
      res.on('close', () => void reader.cancel().catch(() => {}));
      const pump = (result: ReadableStreamReadResult<Uint8Array>): void => {
        if (result.done) return void res.end();
        if (res.write(result.value)) void reader.read().then(pump, () => res.destroy());
        else res.once('drain', () => void reader.read().then(pump, () => res.destroy()));
      };
      void reader.read().then(pump, () => res.destroy());
    };
  },
  '@hono/node-server': () => getRequestListener(scenario.app.fetch) as RequestListener,
  '@hono/node-server (globals kept)': () =>
    getRequestListener(scenario.app.fetch, { overrideGlobalObjects: false }) as RequestListener,
  '@sluice/adapter-node': () => createListener(scenario.app),
  '@sluice/adapter-node (globals kept)': () =>
    createListener(scenario.app, { overrideGlobalObjects: false }),
  srvx: () => srvxListener(),
  'srvx + FastResponse': () => {
    // srvx's documented fast path: the app builds srvx's FastResponse.
    Object.defineProperty(globalThis, 'Response', { value: SrvxFastResponse, writable: true });
    return srvxListener();
  },
};

function srvxListener(): RequestListener {
  const server = srvxServe({
    fetch: (request) => scenario!.app.fetch(request),
    manual: true,
    silent: true,
    gracefulShutdown: false, // else SIGTERM from the bench waits for srvx's own shutdown
  });
  return server.node!.handler as RequestListener;
}
const listener = listeners[kind]?.();
if (listener === undefined) throw new Error(`unknown kind ${kind}`);

let requests = 0;
let peakRss = 0;
let cpuAtReset = process.cpuUsage();
const server = createServer({ noDelay: true, keepAliveTimeout: 65_000 }, (req, res) => {
  requests++;
  listener(req, res);
});
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);
sampler.unref();

process.on('message', (message) => {
  if (message === 'gc') globalThis.gc?.();
  if (message === 'reset') {
    requests = 0;
    peakRss = process.memoryUsage.rss();
    cpuAtReset = process.cpuUsage();
  }
  const cpu = process.cpuUsage(cpuAtReset);
  const rss = process.memoryUsage.rss();
  process.send?.({
    requests,
    cpuMicros: cpu.user + cpu.system,
    rss,
    peakRss: Math.max(peakRss, rss),
    heapUsed: process.memoryUsage().heapUsed,
  });
});
process.on('SIGINT', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  if (process.send) process.send({ port });
  else console.log(port); // run by hand, e.g. under --cpu-prof
});
