import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BundledHandler,
  bundleHandler,
  STREAMING_TEST_APP,
} from '../../../adapter-lambda/test-fixtures/adapter/bundle.ts';
import { resolveOptions } from '../../src/options.ts';
import { runtimeEnv } from '../../src/runtime-pool/runtime-env.ts';
import { launchRuntime } from '../../src/runtime-pool/runtime-process.ts';
import { startDevServer } from '../../src/server.ts';
import type { DevRuntimeKind, DevServer } from '../../src/types.ts';
import {
  APP_FIXTURE,
  createGate,
  eventually,
  type Gate,
  logFor,
  readAll,
  readToEnd,
  readUntil,
} from '../support.ts';

/** Everything a runtime sent for one invocation, as the Runtime API received it. */
interface Recorded {
  kind: string;
  rawHeaders: string[];
  body: Buffer;
  rawTrailers: string[];
}

/**
 * Runs a runtime against a minimal recording Runtime API, one invocation per event, and
 * returns what it posted for each.
 */
async function recordRuntime(runtime: DevRuntimeKind, events: object[]): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  let served = 0;
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const server = createServer((req, res) => {
    if (req.url === '/2018-06-01/runtime/invocation/next') {
      const event = events[served];
      if (!event) return; // park: no more work
      const body = JSON.stringify(event);
      // aws-lambda-ric's native client never returns from /next without a content type.
      res.writeHead(200, {
        'content-type': 'application/json',
        'lambda-runtime-aws-request-id': `req-${served++}`,
        'lambda-runtime-deadline-ms': String(Date.now() + 30_000),
        'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:f',
        'lambda-runtime-trace-id': 'Root=1-00000000-000000000000000000000000',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    void collect(req).then((body) => {
      recorded.push({
        kind: req.url?.split('/').pop() ?? '',
        rawHeaders: req.rawHeaders,
        body,
        rawTrailers: req.rawTrailers,
      });
      res.writeHead(202).end('{"status":"OK"}');
      if (recorded.length === events.length) allDone();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const options = resolveOptions({ handler: APP_FIXTURE, runtime });
  const process = launchRuntime(options, runtimeEnv(options, `127.0.0.1:${port}`, 1));
  try {
    await done;
  } finally {
    process.kill();
    await process.exited;
    server.closeAllConnections();
    server.close();
  }
  return recorded;
}

async function collect(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Error trailers carry stack traces whose runtime frames differ: compare the user's part. */
function comparable(record: Recorded) {
  const trailers = [...record.rawTrailers];
  const at = trailers.findIndex(
    (name) => name.toLowerCase() === 'lambda-runtime-function-error-body',
  );
  if (at >= 0) {
    const doc = JSON.parse(Buffer.from(trailers[at + 1]!, 'base64').toString()) as {
      trace: string[];
    };
    trailers[at + 1] = JSON.stringify({ ...doc, trace: doc.trace.slice(0, 2) });
  }
  // Each recording server has its own port.
  const rawHeaders = record.rawHeaders.map((value, i) =>
    record.rawHeaders[i - 1]?.toLowerCase() === 'host' ? 'HOST' : value,
  );
  return { ...record, rawHeaders, body: record.body.toString('base64'), rawTrailers: trailers };
}

const ROUTES = [
  'hello',
  'cookies',
  'empty',
  'binary',
  'raw',
  'fail-after',
  'fail-before',
  'malformed',
];

describe('the in-process runtime sends what aws-lambda-ric sends', () => {
  it('posts the same headers, body bytes and trailers to the Runtime API', async () => {
    const events = [
      ...ROUTES.map((route) => ({ rawPath: `/${route}` })),
      {
        rawPath: '/echo',
        body: Buffer.from([0, 0, 255, 1]).toString('base64'),
        isBase64Encoded: true,
      },
    ];
    const [ric, inProcess] = await Promise.all([
      recordRuntime('ric', events),
      recordRuntime('in-process', events),
    ]);
    expect(ric).toHaveLength(events.length);
    expect(inProcess.map(comparable)).toEqual(ric.map(comparable));
    const failAfter = ric[ROUTES.indexOf('fail-after')]!;
    expect(failAfter.rawTrailers[0]).toBe('Lambda-Runtime-Function-Error-Type');
  });
});

/** What a client and the request log see of one request. */
async function observe(server: DevServer, path: string) {
  const response = await fetch(`${server.url}${path}`);
  const { body, cut } = await readAll(response);
  const headers = [...response.headers].filter(
    ([name]) => !['date', 'x-amzn-requestid', 'keep-alive', 'connection'].includes(name),
  );
  const log = await logFor(server, response.headers.get('x-amzn-requestid'));
  return {
    status: response.status,
    headers,
    body: body.toString('base64'),
    cut,
    outcome: log.outcome,
    errorType: log.errorType,
    errorMessage: log.errorMessage,
  };
}

/** One dev server per runtime on the same handler, for the describe block it is called in. */
function serveBoth(handler: () => string): Record<DevRuntimeKind, DevServer> {
  const servers = {} as Record<DevRuntimeKind, DevServer>;
  beforeAll(async () => {
    const start = (runtime: DevRuntimeKind) =>
      startDevServer({ handler: handler(), port: 0, runtime });
    [servers.ric, servers['in-process']] = await Promise.all([start('ric'), start('in-process')]);
  });
  afterAll(() => Promise.all([servers.ric?.close(), servers['in-process']?.close()]));
  return servers;
}

/** Runs `task` against both servers at once: [aws-lambda-ric's result, in-process's]. */
function onBoth<T>(
  servers: Record<DevRuntimeKind, DevServer>,
  task: (server: DevServer, runtime: DevRuntimeKind) => Promise<T>,
): Promise<[T, T]> {
  return Promise.all([task(servers.ric, 'ric'), task(servers['in-process'], 'in-process')]);
}

describe('both runtimes give a client the same response', () => {
  const servers = serveBoth(() => APP_FIXTURE);

  for (const path of [...ROUTES.map((r) => `/${r}`), '/empty?status=200', '/ticks?n=3&ms=1']) {
    it(`GET ${path}`, async () => {
      const [fromRic, fromInProcess] = await onBoth(servers, (server) => observe(server, path));
      if (path.startsWith('/ticks')) {
        // Ticks carry timestamps: compare their shape only.
        const strip = (b64: string) =>
          Buffer.from(b64, 'base64')
            .toString()
            .replace(/[\d.]+\n/g, 'T\n');
        expect(strip(fromInProcess.body)).toBe(strip(fromRic.body));
        return;
      }
      expect(fromInProcess).toEqual(fromRic);
    });
  }
});

describe('a handler that destroys its stream mid-way', () => {
  const servers = serveBoth(() => APP_FIXTURE);
  let gate: Gate;
  beforeAll(async () => {
    gate = await createGate();
  });
  afterAll(() => gate?.close());

  /** The handler destroys its stream only once the client has the first chunk. */
  async function destroyAfterFirstChunk(server: DevServer, id: DevRuntimeKind) {
    const response = await fetch(`${server.url}/destroy-after?id=${id}&gate=${gate.url}`);
    const reader = response.body!.getReader();
    const state = { text: '' };
    await readUntil(reader, state, 'data: partial\n\n');
    gate.release(`${id}:destroy`);
    const rest = await readToEnd(reader);
    const log = await logFor(server, response.headers.get('x-amzn-requestid'));
    return {
      status: response.status,
      body: state.text + rest.body.toString(),
      cut: rest.cut,
      outcome: log.outcome,
      errorType: log.errorType,
    };
  }

  it('ends the runtime process on both runtimes, like aws-lambda-ric, and a fresh one serves on', async () => {
    const [fromRic, fromInProcess] = await onBoth(servers, destroyAfterFirstChunk);
    // errorMessage names the request id (and which side saw the exit first): not compared.
    expect(fromInProcess).toEqual(fromRic);
    expect(fromRic).toEqual({
      status: 200,
      body: 'data: partial\n\n',
      cut: true,
      outcome: 'error-trailer',
      errorType: 'Runtime.ExitError',
    });
    for (const server of [servers.ric, servers['in-process']]) {
      // The exit may be logged after the request (when the cut stream was noticed first).
      await eventually(
        () =>
          server.logs.some((e) => e.kind === 'event' && e.message === 'Runtime exited (code 1)'),
        'the runtime process to exit',
      );
      expect((await observe(server, '/hello')).outcome).toBe('ok');
    }
  });
});

describe("the adapter's streamHandle under both runtimes", () => {
  let bundle: BundledHandler;
  beforeAll(async () => {
    bundle = await bundleHandler(STREAMING_TEST_APP);
  });
  afterAll(() => bundle?.remove());
  const servers = serveBoth(() => bundle.file);

  it('a body failing mid-stream: the same bytes, a cut, error trailers on both', async () => {
    const [fromRic, fromInProcess] = await onBoth(servers, (server) =>
      observe(server, '/throw-mid'),
    );
    expect(fromInProcess).toEqual(fromRic);
    expect(fromRic).toMatchObject({
      status: 200,
      cut: true,
      outcome: 'error-trailer',
      errorType: 'Error',
      errorMessage: 'body failed mid-stream',
    });
    expect(Buffer.from(fromRic.body, 'base64').toString()).toBe('part 1\npart 2\n');
    // Neither runtime crashed: the next request is served by the same runtime process.
    for (const server of [servers.ric, servers['in-process']]) {
      const next = await observe(server, '/text');
      expect(next).toMatchObject({ status: 200, outcome: 'ok' });
      expect(server.stats().runtimes).toBe(1);
      const events = server.logs.filter((e) => e.kind === 'event' && e.level === 'error');
      expect(events).toEqual([]);
    }
  });

  for (const path of ['/text', '/cookies', '/empty', '/png', '/gzip', '/throw', '/sse?n=3']) {
    it(`GET ${path}`, async () => {
      const [fromRic, fromInProcess] = await onBoth(servers, (server) => observe(server, path));
      expect(fromInProcess).toEqual(fromRic);
      expect(fromRic.outcome).toBe('ok');
    });
  }
});
