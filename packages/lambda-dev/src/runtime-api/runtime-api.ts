import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { ERROR_TYPE_TRAILER } from '@sluice/adapter-lambda/runtime';
import { type FunctionError, parseFunctionError } from '../errors.ts';
import type { DevLog } from '../log.ts';
import type { ResolvedOptions } from '../options.ts';
import { readBody } from '../read-body.ts';
import type { BandwidthModel } from '../relay/bandwidth.ts';
import { receiveBuffered } from '../relay/buffered-response.ts';
import { guardRequest } from '../relay/guard-request.ts';
import { answerRuntime, relayStream } from '../relay/stream-relay.ts';
import type { Sandbox } from '../runtime-pool/sandbox.ts';
import type { Invocation } from './invocation.ts';
import { isStreamedPost } from './response-post.ts';

const PREFIX = '/2018-06-01/runtime';
const INVOCATION_PATH = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;
const ERROR_DOC_LIMIT = 1024 * 1024;
/** `/error` and `/init/error` carry the error type as a header of the trailer's name. */
const ERROR_TYPE_HEADER = ERROR_TYPE_TRAILER.toLowerCase();

export interface RuntimeApiDeps {
  options: ResolvedOptions;
  log: DevLog;
  bandwidth: BandwidthModel | undefined;
  /** Where connections on the shared endpoint belong. */
  external: Sandbox;
  onInitError(sandbox: Sandbox, error: FunctionError): void;
}

/**
 * The Lambda Runtime API over HTTP. Every runtime process gets its own loopback port, so each
 * request is known to come from one sandbox; the shared port (`runtimeApiUrl`) belongs to an
 * externally started runtime.
 */
export class RuntimeApi {
  readonly #deps: RuntimeApiDeps;
  readonly #server: Server;
  readonly #owners = new WeakMap<Socket, Sandbox>();
  readonly #endpoints = new Map<Sandbox, NetServer>();
  readonly #invocations = new Map<string, Invocation>();

  constructor(deps: RuntimeApiDeps) {
    this.#deps = deps;
    // Streams may last the whole function timeout and more: no request timeout here.
    this.#server = createServer({ requestTimeout: 0, keepAliveTimeout: 60_000 }, (req, res) =>
      guardRequest(res, deps.log, () => this.#route(req, res)),
    );
  }

  /** Listens on the shared endpoint; resolves to its `http://host:port`. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        const { port } = this.#server.address() as { port: number };
        resolve(`http://127.0.0.1:${port}`);
      });
    });
  }

  /** A private endpoint for one sandbox; resolves to the `host:port` for AWS_LAMBDA_RUNTIME_API. */
  openEndpoint(sandbox: Sandbox): Promise<string> {
    const endpoint = createNetServer((socket) => {
      this.#owners.set(socket, sandbox);
      this.#server.emit('connection', socket);
    });
    this.#endpoints.set(sandbox, endpoint);
    return new Promise((resolve, reject) => {
      endpoint.once('error', reject);
      endpoint.listen(0, '127.0.0.1', () => {
        const { port } = endpoint.address() as { port: number };
        resolve(`127.0.0.1:${port}`);
      });
    });
  }

  closeEndpoint(sandbox: Sandbox): void {
    this.#endpoints.get(sandbox)?.close();
    this.#endpoints.delete(sandbox);
  }

  register(invocation: Invocation): void {
    this.#invocations.set(invocation.id, invocation);
    invocation.whenSettled(() => this.#invocations.delete(invocation.id));
  }

  async close(): Promise<void> {
    for (const endpoint of this.#endpoints.values()) endpoint.close();
    this.#endpoints.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #route(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    const sandbox = this.#owners.get(req.socket) ?? this.#deps.external;
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && path === `${PREFIX}/invocation/next`) {
      sandbox.park(res);
      return;
    }
    if (req.method === 'POST' && path === `${PREFIX}/init/error`) {
      return this.#initError(req, res, sandbox);
    }
    const match = req.method === 'POST' ? INVOCATION_PATH.exec(path) : null;
    if (!match) {
      req.resume();
      answerRuntime(res, 404, {
        errorMessage: `No route ${req.method} ${path}`,
        errorType: 'NotFound',
      });
      return;
    }
    const invocation = this.#invocations.get(decodedId(match[1] ?? ''));
    if (!invocation || invocation.runtimeId !== sandbox.id || !invocation.beginResponse()) {
      req.resume();
      req.once('end', () =>
        answerRuntime(res, 400, {
          errorMessage: 'Invalid request ID, or this invocation already has a response',
          errorType: 'InvalidRequestID',
        }),
      );
      return;
    }
    if (match[2] === 'error') return this.#invocationError(req, res, invocation);
    return this.#response(req, res, invocation);
  }

  #response(
    req: IncomingMessage,
    res: ServerResponse,
    invocation: Invocation,
  ): Promise<void> | undefined {
    if (invocation.sink) {
      return invocation.sink.receive(req, res, invocation); // an Invoke API caller takes the bytes raw
    }
    const { options, log, bandwidth } = this.#deps;
    // A buffered front end (Invoke) takes a streamed response whole too: see receiveBuffered.
    if (invocation.streaming && isStreamedPost(req)) {
      relayStream({
        req,
        res,
        invocation,
        mode: invocation.mode,
        limits: options.limits,
        bandwidth,
        log,
      });
    } else {
      return receiveBuffered(req, res, invocation, options.limits.bufferedResponseBytes, log);
    }
  }

  async #invocationError(req: IncomingMessage, res: ServerResponse, invocation: Invocation) {
    const error = await this.#readError(req);
    answerRuntime(res, 202, { status: 'OK' });
    if (error) invocation.settle({ kind: 'error', error });
  }

  async #initError(req: IncomingMessage, res: ServerResponse, sandbox: Sandbox): Promise<void> {
    const error = await this.#readError(req);
    answerRuntime(res, 202, { status: 'OK' });
    if (error) this.#deps.onInitError(sandbox, error);
  }

  async #readError(req: IncomingMessage): Promise<FunctionError | undefined> {
    try {
      const { body } = await readBody(req, ERROR_DOC_LIMIT);
      const header = req.headers[ERROR_TYPE_HEADER];
      return parseFunctionError(
        body.toString('utf8'),
        typeof header === 'string' ? header : undefined,
      );
    } catch {
      return undefined;
    }
  }
}

/** The request id of a Runtime API path; '' (no such invocation) when it does not decode. */
function decodedId(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return '';
  }
}
