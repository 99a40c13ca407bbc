// The app's own behaviour on Node over real sockets: the page, request logs, every route's
// refusal of bad input as 4xx JSON, the proxy's allow list, and the configuration rules.
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, listenPort, readConfig } from '../src/config.ts';
import { completionsUrl } from '../src/llm/openai-upstream.ts';
import { startNode, type Target, TEST_ENV } from './support/targets.ts';

let demo: Target;
let proxied: Target; // PROXY_TARGET = demo
let unreachable: Target; // PROXY_TARGET = a closed port

beforeAll(async () => {
  demo = await startNode();
  proxied = await startNode({ ...TEST_ENV, PROXY_TARGET: `${demo.url}/api` });
  const closed = await startNode();
  await closed.close();
  unreachable = await startNode({ ...TEST_ENV, PROXY_TARGET: closed.url });
});

afterAll(async () => {
  await Promise.all([demo, proxied, unreachable].map((target) => target?.close()));
});

async function call(path: string, init: { method?: string; body?: string } = {}, base = demo.url) {
  const response = await request(`${base}${path}`, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

const errorCode = (text: string) => (JSON.parse(text) as { error: { code: string } }).error.code;

describe('the chat page', () => {
  it('serves the HTML and its bundled script', async () => {
    const page = await call('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<script src="/chat.js" defer></script>');
    const script = await call('/chat.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain('/api/chat');
    expect(script.text).not.toMatch(/^import /m); // bundled: nothing left to resolve
  });
});

describe('bad input gets a 4xx JSON error', () => {
  const cases: [string, string, { method?: string; body?: string }, number, string][] = [
    ['chat: not JSON', '/api/chat', { method: 'POST', body: 'nope' }, 400, 'INVALID_JSON'],
    ['chat: array body', '/api/chat', { method: 'POST', body: '[]' }, 400, 'INVALID_CHAT_REQUEST'],
    ['chat: no prompt', '/api/chat', { method: 'POST', body: '{}' }, 400, 'INVALID_CHAT_REQUEST'],
    [
      'chat: prompt and messages',
      '/api/chat',
      { method: 'POST', body: '{"prompt":"hi","messages":[{"role":"user","content":"hi"}]}' },
      400,
      'INVALID_CHAT_REQUEST',
    ],
    [
      'chat: prompt not text',
      '/api/chat',
      { method: 'POST', body: '{"prompt":5}' },
      400,
      'INVALID_PROMPT',
    ],
    [
      'chat: bad id',
      '/api/chat',
      { method: 'POST', body: '{"id":"x","prompt":"hi"}' },
      400,
      'INVALID_CHAT_ID',
    ],
    [
      'chat: bad role',
      '/api/chat',
      { method: 'POST', body: '{"messages":[{"role":"tool","content":"x"}]}' },
      400,
      'INVALID_MESSAGES',
    ],
    [
      'chat: too large',
      '/api/chat',
      { method: 'POST', body: JSON.stringify({ prompt: 'x'.repeat(300_000) }) },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'chat: bad cut',
      '/api/chat?cut=-1',
      { method: 'POST', body: '{"prompt":"hi"}' },
      400,
      'INVALID_PARAMETER',
    ],
    ['cancel: bad id', '/api/chat/a', { method: 'DELETE' }, 400, 'INVALID_CHAT_ID'],
    ['cancel: unknown id', '/api/chat/unknown-chat-1', { method: 'DELETE' }, 404, 'CHAT_NOT_FOUND'],
    ['download: 0 MB', '/api/download?mb=0', {}, 400, 'INVALID_PARAMETER'],
    ['download: 1.5 MB', '/api/download?mb=1.5', {}, 400, 'INVALID_PARAMETER'],
    ['ticks: too many', '/api/ticks?n=5000', {}, 400, 'INVALID_PARAMETER'],
    ['bytes: too many', '/api/bytes?n=99999999999', {}, 400, 'INVALID_PARAMETER'],
    ['proxy: outside /fixtures', '/api/proxy/api/hello', {}, 400, 'PROXY_PATH_NOT_ALLOWED'],
    ['unknown route', '/nowhere', {}, 404, 'NOT_FOUND'],
    ['wrong method', '/api/chat', {}, 404, 'NOT_FOUND'],
  ];
  for (const [name, path, init, status, code] of cases) {
    it(name, async () => {
      const response = await call(path, init);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(errorCode(response.text)).toBe(code);
    });
  }

  it('the OpenAI endpoint answers in OpenAI error format', async () => {
    const response = await call('/v1/chat/completions', { method: 'POST', body: '{"messages":5}' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({
      error: {
        message: '"messages" must be an array of 1 to 50 messages',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_messages',
      },
    });
  });
});

describe('GET /api/proxy/* with PROXY_TARGET', () => {
  it('forwards path and query to the target and its response byte for byte', async () => {
    const direct = await call('/api/echo?x=1');
    const viaProxy = await call('/api/proxy/echo?x=1', {}, proxied.url);
    expect(viaProxy.status).toBe(200);
    expect(JSON.parse(viaProxy.text)).toEqual(JSON.parse(direct.text));
  });

  it('answers 502 JSON when the target cannot be reached', async () => {
    const response = await call('/api/proxy/fixtures/large.json.gz', {}, unreachable.url);
    expect(response.status).toBe(502);
    expect(errorCode(response.text)).toBe('UPSTREAM_UNREACHABLE');
  });
});

describe('request logs', () => {
  it('writes one JSON line per request and echoes a well-formed x-request-id', async () => {
    const lines: Record<string, unknown>[] = [];
    const { createApp } = await import('../src/app.ts');
    const { nodePlatform } = await import('../src/platform/node.ts');
    const app = createApp({
      config: readConfig(TEST_ENV),
      platform: nodePlatform({ name: 'node' }),
      log: (line) => lines.push(line),
    });
    const response = await app.request('/api/hello', { headers: { 'x-request-id': 'req-42' } });
    expect(response.headers.get('x-request-id')).toBe('req-42');
    await app.request('/api/download?mb=x', { headers: { 'x-request-id': 'bad id!' } });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'req-42',
      method: 'GET',
      path: '/api/hello',
      status: 200,
    });
    expect(lines[1]).toMatchObject({ path: '/api/download', status: 400 });
    expect(lines[1]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('configuration', () => {
  it('needs nothing: embedded model, memory store, self proxy', () => {
    expect(readConfig({})).toEqual({
      llm: { kind: 'local', tokenDelayMs: [15, 40] },
      proxyTarget: undefined,
      redisUrl: undefined,
      logRequests: true,
    });
  });

  it('switches to an OpenAI-compatible upstream with LLM_BASE_URL', () => {
    expect(readConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434', LLM_MODEL: 'llama3' }).llm).toEqual(
      {
        kind: 'openai',
        baseUrl: 'http://127.0.0.1:11434',
        apiKey: undefined,
        model: 'llama3',
      },
    );
    expect(completionsUrl('http://127.0.0.1:11434')).toBe(
      'http://127.0.0.1:11434/v1/chat/completions',
    );
    expect(completionsUrl('https://api.openai.com/v1/')).toBe(
      'https://api.openai.com/v1/chat/completions',
    );
  });

  it('refuses settings it cannot use, naming them', () => {
    expect(() => readConfig({ LLM_BASE_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => readConfig({ PROXY_TARGET: 'not a url' })).toThrow(/PROXY_TARGET/);
    expect(() => readConfig({ LOCAL_TOKEN_DELAY_MS: '40-15' })).toThrow(/LOCAL_TOKEN_DELAY_MS/);
    for (const bad of ['abc', '3000x', '65536', '-1']) {
      expect(() => listenPort({ PORT: bad })).toThrow(/PORT/);
    }
  });

  it('listens on PORT, 3000 by default, 0 for any free port', () => {
    expect(listenPort({})).toBe(3000);
    expect(listenPort({ PORT: ' ' })).toBe(3000);
    expect(listenPort({ PORT: '8080' })).toBe(8080);
    expect(listenPort({ PORT: '0' })).toBe(0);
  });
});
