import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { FetchApp } from '@sluice/core';

export interface ServeOptions {
  port?: number;
  hostname?: string;
}

export interface Server {
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on node:http; resolves once listening. */
export async function serve(app: FetchApp, options: ServeOptions = {}): Promise<Server> {
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.hostname, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host === '[::]' || host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
