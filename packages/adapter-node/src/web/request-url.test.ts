// request.url comes from the socket and the Host header, never from what a client puts in an
// absolute-form request line (issue 13, item 2). Raw sockets: clients normalise these away.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { serveApp } from '../../test/helpers.ts';
import type { ServeOptions } from '../serve.ts';

/** Sends `head` on a raw socket; resolves with the status and body of the response. */
function rawRequest(url: string, head: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [headPart = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(headPart.split(' ')[1]), body });
    });
  });
}

async function urlServer(options: ServeOptions = {}) {
  return serveApp(
    {
      fetch: (req) => {
        const clone = req.clone(); // throws on a URL with credentials in undici
        return new Response(clone.url);
      },
    },
    options,
  );
}

const get = (target: string, headers = 'Host: app.example') =>
  `GET ${target} HTTP/1.1\r\n${headers}\r\nConnection: close\r\n\r\n`;

describe('request.url', () => {
  it('is http on a plain socket even when the request line says https', async () => {
    const server = await urlServer();
    const res = await rawRequest(server.url, get('https://evil.example/x?y=1'));
    expect(res).toEqual({ status: 200, body: 'http://app.example/x?y=1' });
  });

  it('drops userinfo of an absolute-form target (no credentials reach the app, clone() works)', async () => {
    const server = await urlServer();
    const res = await rawRequest(server.url, get('http://user:pw@host.example/a'));
    expect(res).toEqual({ status: 200, body: 'http://app.example/a' });
  });

  it('keeps only the path and query of an absolute-form target; the host is the Host header', async () => {
    const server = await urlServer();
    const res = await rawRequest(server.url, get('http://other.example:8080/p/q?r=s'));
    expect(res).toEqual({ status: 200, body: 'http://app.example/p/q?r=s' });
  });

  it('normalises dot segments (/foo/../bar/baz is /bar/baz)', async () => {
    const server = await urlServer();
    const res = await rawRequest(server.url, get('/foo/../bar/./baz'));
    expect(res.body).toBe('http://app.example/bar/baz');
  });

  it('answers 400 to a Host header with userinfo or a path, without calling the app', async () => {
    let calls = 0;
    const server = await serveApp({
      fetch: () => {
        calls++;
        return new Response('no');
      },
    });
    for (const host of ['user@evil.example', 'evil.example/path', 'a b']) {
      const res = await rawRequest(server.url, get('/', `Host: ${host}`));
      expect(res.status, host).toBe(400);
    }
    expect(calls).toBe(0);
  });

  it('ignores X-Forwarded-Proto by default, honours it with trustProxy', async () => {
    const plain = await urlServer();
    const head = get('/p', 'Host: app.example\r\nX-Forwarded-Proto: https');
    expect((await rawRequest(plain.url, head)).body).toBe('http://app.example/p');
    const trusting = await urlServer({ trustProxy: true });
    expect((await rawRequest(trusting.url, head)).body).toBe('https://app.example/p');
    const bogus = get('/p', 'Host: app.example\r\nX-Forwarded-Proto: javascript');
    expect((await rawRequest(trusting.url, bogus)).body).toBe('http://app.example/p');
  });

  it('is https on a TLS socket (createServer: https.createServer)', async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      context.skip('openssl is not installed: cannot make a certificate for the TLS test');
    }
    const server = await urlServer({
      createServer: createHttpsServer as unknown as ServeOptions['createServer'],
      serverOptions: {
        key: readFileSync(join(dir, 'key.pem')),
        cert: readFileSync(join(dir, 'cert.pem')),
      },
    });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
    const res = await request(`${server.url}/secure`, { dispatcher });
    expect(await res.body.text()).toBe(`${server.url}/secure`);
    await dispatcher.close();
  });
});
