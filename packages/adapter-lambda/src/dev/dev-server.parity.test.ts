import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from './options.ts';
import { runtimeEnv } from './runtime-env.ts';
import { launchRuntime } from './runtime-process.ts';
import { startDevServer } from './server.ts';
import { APP_FIXTURE, logFor, readAll } from './test-support.ts';
import type { DevRuntimeKind, DevServer } from './types.ts';

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

describe('both runtimes give a client the same response', () => {
  let ric: DevServer;
  let inProcess: DevServer;
  beforeAll(async () => {
    [ric, inProcess] = await Promise.all([
      startDevServer({ handler: APP_FIXTURE, port: 0, runtime: 'ric' }),
      startDevServer({ handler: APP_FIXTURE, port: 0, runtime: 'in-process' }),
    ]);
  });
  afterAll(() => Promise.all([ric?.close(), inProcess?.close()]));

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

  for (const path of [...ROUTES.map((r) => `/${r}`), '/empty?status=200', '/ticks?n=3&ms=1']) {
    it(`GET ${path}`, async () => {
      const [fromRic, fromInProcess] = await Promise.all([
        observe(ric, path),
        observe(inProcess, path),
      ]);
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
