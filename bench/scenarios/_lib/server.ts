// Bench child: serves one app with one server kind on 127.0.0.1, port 0, until told to stop.
// Usage (forked by startServer): node server.ts <kind> <app>
//   kinds: node:http (raw write loop; bytes only), adapter-node, hono-node-server (sse only),
//          lambda-dev (the Lambda dev server running an esbuild bundle under aws-lambda-ric)
//   apps:  sse | bytes
// IPC: sends { url } once listening; answers 'stats' with ServerStats; exits on 'stop'.
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve as honoServe } from '@hono/node-server';
import { serve } from '@sluice/adapter-node';
import { startDevServer } from '@sluice/lambda-dev';
import { byteStreamApp, CHUNK_BYTES, sluiceSseApp } from './apps.ts';
import { bundle, bundleDir } from './bundle.ts';
import { honoSseApp } from './hono-app.ts';
import { countParam } from './paced.ts';

export interface ServerStats {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size of the process so far, bytes. */
  peakRss: number;
}

interface Running {
  url: string;
  close(): Promise<void>;
}

const [kind = '', appName = ''] = process.argv.slice(2);
const chunk = new Uint8Array(CHUNK_BYTES).fill(97);

function listening(server: Server): Running {
  const { port } = server.address() as AddressInfo;
  server.setMaxListeners(0);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The baseline for byte streams: node:http writing 64 KiB chunks in a drain-aware loop. */
async function rawNodeHttp(): Promise<Running> {
  const server = createServer({ noDelay: true }, (req, res) => {
    const total = countParam(req.url ?? '/', CHUNK_BYTES);
    let sent = 0;
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const write = (): void => {
      while (sent < total) {
        const size = Math.min(CHUNK_BYTES, total - sent);
        sent += size;
        if (!res.write(size === CHUNK_BYTES ? chunk : chunk.subarray(0, size))) {
          res.once('drain', write);
          return;
        }
      }
      res.end();
    };
    write();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return listening(server);
}

async function lambdaDev(): Promise<Running> {
  const dir = bundleDir();
  const handler = join(dir, 'handler.mjs');
  await bundle(`export { handler } from './lambda-handler.ts';`, handler);
  const dev = await startDevServer({
    handler,
    port: 0,
    runtime: 'ric',
    timeoutSec: 300,
    onLog: (entry) => {
      if (entry.kind === 'event' && entry.level !== 'info')
        console.error(`dev server: ${entry.message}`);
    },
  });
  return {
    url: dev.url,
    close: async () => {
      await dev.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function start(): Promise<Running> {
  const app = appName === 'sse' ? sluiceSseApp : byteStreamApp;
  switch (kind) {
    case 'node:http':
      if (appName !== 'bytes') throw new Error('node:http serves only the bytes app');
      return rawNodeHttp();
    case 'adapter-node': {
      const server = await serve(app, { port: 0, hostname: '127.0.0.1' });
      return { url: server.url, close: () => server.close() };
    }
    case 'hono-node-server': {
      if (appName !== 'sse') throw new Error('hono-node-server serves only the sse app');
      const server = await new Promise<Server>((resolve) => {
        const s = honoServe({ fetch: honoSseApp.fetch, port: 0, hostname: '127.0.0.1' }, () =>
          resolve(s as Server),
        );
      });
      return listening(server);
    }
    case 'lambda-dev':
      return lambdaDev();
    default:
      throw new Error(`unknown server kind ${kind}`);
  }
}

const running = await start();
process.send?.({ url: running.url });
process.on('message', async (message) => {
  if (message === 'stats') {
    const stats: ServerStats = {
      rss: process.memoryUsage.rss(),
      peakRss: process.resourceUsage().maxRSS * 1024,
    };
    process.send?.(stats);
  } else if (message === 'stop') {
    await running.close();
    process.exit(0);
  }
});
// The bench script died without stopping us: do not outlive it.
process.on('disconnect', () => void running.close().finally(() => process.exit(0)));
