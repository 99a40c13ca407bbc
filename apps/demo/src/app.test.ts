import { serve } from '@sluice/adapter-node';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';

describe('demo app on node', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(createApp(), { port: 0, hostname: '127.0.0.1' });
  });
  afterAll(() => server.close());

  it('answers the health check over a real socket', async () => {
    const res = await request(`${server.url}/healthz`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ ok: true });
  });
});
