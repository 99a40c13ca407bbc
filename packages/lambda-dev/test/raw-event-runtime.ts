// The real aws-lambda-ric fed events of our choosing. The dev server's front door builds only
// events AWS would send (its own X-Forwarded-*, every REST header in both maps, valid base64),
// so events AWS never sends, or sends only through other front ends (an ALB, a console test),
// go through this minimal Runtime API instead: `/next` hands out the queued event as is, the
// response (streamed with its prelude, or buffered JSON) and the function's output come back.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import { resolveOptions } from '../src/options.ts';
import { runtimeEnv } from '../src/runtime-pool/runtime-env.ts';
import { locateRic } from '../src/runtime-pool/runtime-process.ts';

export interface RawEventResponse {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
  /** A buffered result's own flag (its body is decoded either way); absent when streamed. */
  isBase64Encoded?: boolean;
}

export interface RawEventRuntime {
  /** Runs one event; resolves with what the function answered (a streamed or buffered result). */
  invoke(event: unknown): Promise<RawEventResponse>;
  /** Every line the runtime printed, in order. */
  output: string[];
  close(): Promise<void>;
}

interface Pending {
  id: string;
  event: string;
  resolve(response: RawEventResponse): void;
  reject(error: Error): void;
}

const NEXT = '/2018-06-01/runtime/invocation/next';
const RESPONSE = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

export async function startRawEventRuntime(
  handler: string,
  exportName = 'handler',
): Promise<RawEventRuntime> {
  const queue: Pending[] = [];
  const inflight = new Map<string, Pending>();
  const polls: Array<(pending: Pending) => void> = [];
  const output: string[] = [];

  const server = createServer(async (req, res) => {
    const path = req.url ?? '';
    if (req.method === 'GET' && path === NEXT) {
      const deliver = (pending: Pending): void => {
        inflight.set(pending.id, pending);
        res.writeHead(200, {
          'lambda-runtime-aws-request-id': pending.id,
          'lambda-runtime-deadline-ms': String(Date.now() + 30_000),
          'lambda-runtime-invoked-function-arn':
            'arn:aws:lambda:us-east-1:123456789012:function:raw',
          'lambda-runtime-trace-id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
          'content-type': 'application/json',
        });
        res.end(pending.event);
      };
      const next = queue.shift();
      if (next) deliver(next);
      else polls.push(deliver);
      return;
    }
    const body = await readAll(req);
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}');
    const match = RESPONSE.exec(path);
    const pending = match ? inflight.get(match[1] ?? '') : undefined;
    if (!pending || !match) {
      for (const waiting of [...inflight.values(), ...queue]) {
        waiting.reject(new Error(`Runtime posted ${path}: ${body.toString()}`));
      }
      return;
    }
    inflight.delete(pending.id);
    if (match[2] === 'error') pending.reject(new Error(`Function error: ${body.toString()}`));
    else {
      try {
        pending.resolve(asResponse(req, body));
      } catch (error) {
        pending.reject(
          new Error(`Unreadable response ${JSON.stringify(body.toString())}`, { cause: error }),
        );
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const options = resolveOptions({ handler, export: exportName });
  const child = spawn(
    process.execPath,
    [locateRic(options.taskRoot), `${options.moduleName}.${options.exportName}`],
    {
      cwd: options.taskRoot,
      env: runtimeEnv(options, `127.0.0.1:${port}`, 1),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    output,
    invoke(event) {
      return new Promise((resolve, reject) => {
        const pending = { id: randomUUID(), event: JSON.stringify(event), resolve, reject };
        const poll = polls.shift();
        if (poll) poll(pending);
        else queue.push(pending);
      });
    },
    async close() {
      child.kill('SIGKILL');
      await exited;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** A streamed response is prelude JSON, 8 NUL bytes, body; a buffered one is the result JSON. */
function asResponse(req: IncomingMessage, body: Buffer): RawEventResponse {
  if (req.headers['lambda-runtime-function-response-mode'] === 'streaming') {
    const at = body.indexOf(Buffer.alloc(8));
    const prelude = JSON.parse(body.subarray(0, at).toString()) as {
      statusCode?: number;
      headers?: Record<string, unknown>;
    };
    return {
      status: prelude.statusCode ?? 200,
      headers: prelude.headers ?? {},
      body: body.subarray(at + 8),
    };
  }
  const result = JSON.parse(body.toString()) as {
    statusCode: number;
    headers?: Record<string, unknown>;
    body?: string;
    isBase64Encoded?: boolean;
  };
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8'),
    ...(result.isBase64Encoded === undefined ? {} : { isBase64Encoded: result.isBase64Encoded }),
  };
}
