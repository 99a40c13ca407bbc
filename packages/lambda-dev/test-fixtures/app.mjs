// A plain `awslambda.streamifyResponse` handler (no sluice code) exercising every case the dev
// server must handle. The route is the request path; a `gate` query parameter points at a test
// server the handler waits on, so tests can order events without timing.
/* global awslambda */

const now = () => performance.timeOrigin + performance.now();
const wait = (gate, key) =>
  fetch(`${gate}/wait?key=${encodeURIComponent(key)}`).then((r) => r.text());
const drained = (stream) => new Promise((resolve) => stream.once('drain', resolve));
const sse = (rs, extra = {}) =>
  awslambda.HttpResponseStream.from(rs, {
    statusCode: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...extra },
  });

const routes = {
  async hello(rs) {
    rs = awslambda.HttpResponseStream.from(rs, {
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
    });
    rs.write('hello\n');
    rs.end();
  },
  // Tick i+1 is written only after the test saw tick i arrive.
  async gated(rs, q) {
    rs = sse(rs);
    const n = Number(q.n ?? 3);
    for (let i = 1; i <= n; i++) {
      rs.write(`data: tick ${i}\n\n`);
      if (i < n) await wait(q.gate, `${q.id}:${i + 1}`);
    }
    rs.end();
  },
  // Timer-spaced ticks stamped with the time they were written (for latency numbers).
  async ticks(rs, q) {
    rs = sse(rs);
    const n = Number(q.n ?? 5);
    for (let i = 1; i <= n; i++) {
      rs.write(`data: ${i} ${now()}\n\n`);
      await new Promise((r) => setTimeout(r, Number(q.ms ?? 20)));
    }
    rs.end();
  },
  async big(rs, q) {
    rs = awslambda.HttpResponseStream.from(rs, {
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const total = Number(q.mb ?? 1) * 1024 * 1024;
    for (let sent = 0; sent < total; sent += chunk.length) {
      if (!rs.write(chunk)) await drained(rs);
    }
    rs.end();
  },
  async cookies(rs) {
    rs = awslambda.HttpResponseStream.from(rs, {
      statusCode: 201,
      headers: { 'content-type': 'text/plain', 'x-custom': 'yes', 'content-length': '999' },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly', 'c=3; Max-Age=60'],
    });
    rs.write('ok');
    rs.end();
  },
  async empty(rs, q) {
    rs = awslambda.HttpResponseStream.from(rs, {
      statusCode: Number(q.status ?? 204),
      headers: { 'x-empty': 'yes' },
    });
    rs.write('');
    rs.end();
  },
  // Bytes 0..255 (twice), a run of 16 NULs, then 0xff x 100: binary-safe, prelude parsed once.
  async binary(rs) {
    rs = awslambda.HttpResponseStream.from(rs, {
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
    });
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    rs.write(Buffer.from(bytes));
    rs.write(new Uint8Array(16));
    rs.write(Buffer.from(bytes));
    rs.write(Buffer.alloc(100, 0xff));
    rs.end();
  },
  async echo(rs, _q, event) {
    rs = awslambda.HttpResponseStream.from(rs, {
      statusCode: 200,
      headers: {
        'content-type': 'application/octet-stream',
        'x-base64': String(event.isBase64Encoded),
      },
    });
    rs.write(Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8'));
    rs.end();
  },
  async event(rs, _q, event) {
    rs = awslambda.HttpResponseStream.from(rs, {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
    });
    rs.write(JSON.stringify(event));
    rs.end();
  },
  async 'fail-after'(rs) {
    rs = sse(rs);
    rs.write('data: partial\n\n');
    await new Promise((r) => setTimeout(r, 10));
    throw new Error('boom after first byte');
  },
  // Destroys its stream (once the test saw the first chunk) instead of rejecting:
  // aws-lambda-ric 4.0.2 then dies of an unhandled rejection.
  async 'destroy-after'(rs, q) {
    rs = sse(rs);
    rs.write('data: partial\n\n');
    await wait(q.gate, `${q.id}:destroy`);
    rs.destroy(new Error('stream destroyed after first byte'));
  },
  async 'fail-before'() {
    throw new TypeError('boom before first byte');
  },
  async hang(rs) {
    rs = sse(rs);
    rs.write('data: started\n\n');
    await new Promise(() => {});
  },
  async 'hang-before'() {
    await new Promise(() => {});
  },
  async crash() {
    process.exit(3);
  },
  async malformed(rs) {
    rs.setContentType('application/vnd.awslambda.http-integration-response');
    rs.write('x'.repeat(20_000));
    rs.end();
  },
  async raw(rs) {
    rs.setContentType('text/plain; charset=utf-8');
    rs.write('raw ');
    rs.write('body');
    rs.end();
  },
  // Writes one tick, waits for the test (which drops the client), writes more, reports done.
  async abandoned(rs, q) {
    rs = sse(rs);
    rs.write('data: first\n\n');
    await wait(q.gate, `${q.id}:continue`);
    for (let i = 0; i < 50; i++) {
      if (!rs.write(`data: after ${i} ${'y'.repeat(1000)}\n\n`)) await drained(rs);
    }
    rs.end();
    await wait(q.gate, `${q.id}:finished`);
  },
  // Completes its response, then runs on (like waitUntil work) until the test releases it.
  async linger(rs, q) {
    rs = sse(rs);
    rs.write('data: done\n\n');
    rs.end();
    await wait(q.gate, `${q.id}:linger`);
  },
  // Completes its response, then never returns (a timer keeps the process from exiting).
  async 'hang-after'(rs) {
    rs = sse(rs);
    rs.write('data: done\n\n');
    rs.end();
    await new Promise(() => setInterval(() => {}, 60_000));
  },
  // Holds its slot until the test releases it.
  async hold(rs, q) {
    rs = sse(rs);
    rs.write('data: held\n\n');
    await wait(q.gate, `${q.id}:release`);
    rs.end();
  },
};

export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  const path = (event.rawPath ?? event.path ?? '/').replace(/^\/+/, '');
  const q = event.queryStringParameters ?? {};
  const route = routes[path];
  if (!route) throw new Error(`no route ${path}`);
  await route(responseStream, q, event, context);
});

const bufferedRoutes = {
  buffered: () => ({
    statusCode: 202,
    headers: { 'content-type': 'text/plain', 'x-b': '1' },
    cookies: ['x=1', 'y=2; Secure'],
    body: 'buffered body',
  }),
  'buffered-json': () => ({ hello: 'world' }),
  'buffered-b64': () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/octet-stream' },
    body: Buffer.from([0, 1, 2, 250, 255]).toString('base64'),
    isBase64Encoded: true,
  }),
  'buffered-multi': () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/plain' },
    multiValueHeaders: { 'x-multi': ['a', 'b'] },
    body: 'multi',
  }),
  'buffered-throw': () => {
    throw new RangeError('nope');
  },
  'buffered-big': () => ({ statusCode: 200, body: 'x'.repeat(7 * 1024 * 1024) }),
  'buffered-hold': async (event) => {
    const q = event.queryStringParameters ?? {};
    await wait(q.gate, `${q.id}:release`);
    return { statusCode: 200, body: `released ${q.id}` };
  },
};

export const buffered = async (event) => {
  const path = (event.rawPath ?? event.path ?? '/').replace(/^\/+/, '');
  const route = bufferedRoutes[path];
  if (!route) throw new Error(`no route ${path}`);
  return route(event);
};
