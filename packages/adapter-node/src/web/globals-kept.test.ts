// overrideGlobalObjects: false (the opt-out): the globals stay the runtime's own, the app gets
// native Requests, and every request pattern still works. Its own file: a server created with
// the default anywhere in the same process would install the globals.
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listenUpstream, serveApp } from '../../test/helpers.ts';

const NativeRequest = globalThis.Request;
const NativeResponse = globalThis.Response;
const nativeFetch = globalThis.fetch;

describe('overrideGlobalObjects: false', () => {
  it('leaves Request, Response and fetch alone and hands the app native objects', async () => {
    const upstream = await listenUpstream(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      res.end(`upstream: ${body}`);
    });
    const app = new Hono();
    app.post('/', bodyLimit({ maxSize: 100 }), async (c) => {
      const raw = c.req.raw;
      const forwarded = await fetch(new Request(upstream.url, raw.clone()));
      return c.json({
        native: Object.getPrototypeOf(raw) === NativeRequest.prototype,
        copy: await new Request(raw).text(),
        forwarded: await forwarded.text(),
      });
    });
    const server = await serveApp(app, { overrideGlobalObjects: false });
    async function* chunks() {
      yield Buffer.from('chunked ');
      yield Buffer.from('body');
    }
    const res = await request(server.url, { method: 'POST', body: Readable.from(chunks()) });
    expect(await res.body.json()).toEqual({
      native: true,
      copy: 'chunked body',
      forwarded: 'upstream: chunked body',
    });
    expect(globalThis.Request).toBe(NativeRequest);
    expect(globalThis.Response).toBe(NativeResponse);
    expect(globalThis.fetch).toBe(nativeFetch);
  });
});
