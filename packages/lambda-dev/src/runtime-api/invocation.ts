import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FunctionError, functionError } from '../errors.ts';
import type { ClientResponse } from '../relay/client-response.ts';
import { type FrontDoorKind, functionFailed } from '../relay/error-responses.ts';
import type { DevMode } from '../types.ts';

export type InvocationResult =
  | { kind: 'ok' }
  | { kind: 'error'; error: FunctionError }
  | { kind: 'timeout'; error: FunctionError };

export interface SettledInvocation {
  result: InvocationResult;
  /** The failure came after the head was sent, so the client's response was cut. */
  cut: boolean;
}

/**
 * Where the response of an invocation that is not a front door's goes (an Invoke API caller,
 * a background Event invoke). It reads the runtime's response itself, untouched by the front
 * doors' HTTP interpretation, and delivers the outcome when the invocation settles.
 */
export interface InvocationSink {
  /** Takes the runtime's `POST .../response` for this invocation and answers the runtime. */
  receive(
    req: IncomingMessage,
    res: ServerResponse,
    invocation: Invocation,
  ): Promise<void> | undefined;
  /** Called once, when the outcome is decided. */
  settle(result: InvocationResult): void;
  /** Bytes reached the caller (a failure now can only cut or trail the response). */
  readonly headSent: boolean;
  /** Nothing more reaches the caller (done, or the caller left). */
  readonly closed: boolean;
}

interface CommonInit {
  event: string;
  timeoutMs: number;
  functionArn: string;
  /** JSON for the runtime's `Lambda-Runtime-Client-Context` header (the Invoke APIs' ClientContext). */
  clientContext?: string;
  /** Keep the lines the runtime printed for this invocation (`outputLines`), for a log tail. */
  captureOutput?: boolean;
}

/** A front door's invocation: the relay turns the response into an HTTP response for `client`. */
export interface FrontDoorInit extends CommonInit {
  /** How the response reads: payload format 2.0 (`url`) or the REST proxy shape (`rest`). */
  mode: DevMode;
  /** Whose errors the client gets (a Function URL's, REST's or an HTTP API's). */
  kind: FrontDoorKind;
  /**
   * The front end invokes with InvokeWithResponseStream (a RESPONSE_STREAM Function URL, a REST
   * STREAM integration) and relays each chunk; otherwise with Invoke, answering once whole.
   */
  streaming: boolean;
  client: ClientResponse;
}

export interface SinkInit extends CommonInit {
  sink: InvocationSink;
}

export type InvocationInit = FrontDoorInit | SinkInit;

/** Bytes of runtime output kept per invocation when capturing (Lambda's tail is 4 KB). */
const CAPTURE_BYTES = 16 * 1024;

/**
 * One invoke, from the moment it holds a runtime slot to its end. `settle` runs once, when the
 * response is decided: it finishes the client's response and frees the slot. `finish` runs once
 * after it, when the runtime is done with the invocation (its handler returned: it asks for the
 * next one, or it died): only then does the deadline stop and `done` resolve (and the request
 * is logged), as on Lambda, where work after the response (waitUntil) still counts.
 */
export class Invocation {
  readonly id = randomUUID();
  readonly event: string;
  readonly timeoutMs: number;
  /** Set for Invoke API invocations; the Runtime API hands their response to it. */
  readonly sink: InvocationSink | undefined;
  readonly #client: ClientResponse | undefined;
  readonly #functionArn: string;
  readonly #mode: DevMode;
  readonly #kind: FrontDoorKind;
  readonly #streaming: boolean;
  readonly #clientContext: string | undefined;
  /** What the runtime printed while running this invocation, when capturing. */
  readonly outputLines: string[] | undefined;
  #outputBytes = 0;
  /** When a runtime took it (`deliver`), and when the runtime was done with it (`finish`). */
  deliveredAt: number | undefined;
  finishedAt: number | undefined;
  state: 'queued' | 'running' | 'responding' | 'settled' | 'finished' = 'queued';
  runtimeId: number | undefined;
  readonly done: Promise<SettledInvocation>;
  #resolve!: (value: SettledInvocation) => void;
  #timer: NodeJS.Timeout | undefined;
  readonly #onSettled: Array<() => void> = [];
  readonly #onFinished: Array<() => void> = [];
  #outcome: SettledInvocation | undefined;
  /** Called when the deadline passes; the pool kills the runtime there. */
  onTimeout: (() => void) | undefined;

  constructor(init: InvocationInit) {
    this.event = init.event;
    this.timeoutMs = init.timeoutMs;
    this.#functionArn = init.functionArn;
    this.#clientContext = init.clientContext;
    this.outputLines = init.captureOutput ? [] : undefined;
    if ('sink' in init) {
      this.sink = init.sink;
      this.#mode = 'url';
      this.#kind = 'url';
      this.#streaming = true;
    } else {
      this.sink = undefined;
      this.#client = init.client;
      this.#mode = init.mode;
      this.#kind = init.kind;
      this.#streaming = init.streaming;
    }
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  /** The front door's client; only front-door invocations have one (the relay's side). */
  get client(): ClientResponse {
    if (!this.#client) throw new Error(`Invocation ${this.id} answers a sink, not an HTTP client`);
    return this.#client;
  }

  /**
   * How the front door reads the response (payload 2.0 or REST v1): per invocation, since one
   * function may sit behind a Function URL and a REST API at once.
   */
  get mode(): DevMode {
    return this.#mode;
  }

  /** The front door relays the response as it streams (else it answers once it is whole). */
  get streaming(): boolean {
    return this.#streaming;
  }

  /** The response is decided (the client got it, or its error). */
  get settled(): boolean {
    return this.state === 'settled' || this.state === 'finished';
  }

  get finished(): boolean {
    return this.state === 'finished';
  }

  whenSettled(callback: () => void): void {
    if (this.settled) callback();
    else this.#onSettled.push(callback);
  }

  whenFinished(callback: () => void): void {
    if (this.finished) callback();
    else this.#onFinished.push(callback);
  }

  /**
   * Bounds the wait for a runtime to ask for this invocation: a runtime stuck in init would
   * otherwise hold the client forever. Lambda allows 10 s of init, then the function timeout.
   */
  awaitDelivery(limitMs: number): void {
    if (this.state !== 'queued') return;
    clearTimeout(this.#timer); // placed again after its first runtime died
    this.#timer = setTimeout(() => {
      this.#timedOut(
        `Task timed out after ${(limitMs / 1000).toFixed(2)} seconds waiting for the runtime to ` +
          'finish init and poll for the invocation',
      );
    }, limitMs);
  }

  /** Hands the invoke to a runtime's `/next`: starts the clock, returns the Runtime API headers. */
  deliver(): Record<string, string> {
    this.state = 'running';
    clearTimeout(this.#timer);
    this.deliveredAt = Date.now();
    const deadline = this.deliveredAt + this.timeoutMs;
    this.#timer = setTimeout(() => this.#timedOut(), this.timeoutMs);
    return {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': this.id,
      'lambda-runtime-deadline-ms': String(deadline),
      'lambda-runtime-invoked-function-arn': this.#functionArn,
      'lambda-runtime-trace-id': traceId(),
      ...(this.#clientContext === undefined
        ? {}
        : { 'lambda-runtime-client-context': this.#clientContext }),
    };
  }

  /** Keeps a line the runtime printed while this invocation ran (when capturing). */
  recordOutput(line: string): void {
    const lines = this.outputLines;
    if (!lines || this.finished) return;
    lines.push(line);
    this.#outputBytes += Buffer.byteLength(line) + 1;
    while (this.#outputBytes > CAPTURE_BYTES && lines.length > 1) {
      this.#outputBytes -= Buffer.byteLength(lines.shift() ?? '') + 1;
    }
  }

  /** A runtime starts posting the response; false when it is too late or already answered. */
  beginResponse(): boolean {
    if (this.state !== 'running') return false;
    this.state = 'responding';
    return true;
  }

  settle(result: InvocationResult): void {
    if (this.settled) return;
    this.state = 'settled';
    const client = this.sink ?? this.client;
    const cut = result.kind !== 'ok' && client.headSent && !client.closed;
    if (this.sink) this.sink.settle(result);
    else if (result.kind === 'ok') this.client.end();
    else if (this.client.headSent) this.client.cut();
    else this.client.sendError(functionFailed(this.#kind, result.error.errorType));
    this.#outcome = { result, cut };
    for (const callback of this.#onSettled.splice(0)) callback();
  }

  /** The runtime is done with this invocation; no-op before `settle`. */
  finish(): void {
    if (this.state !== 'settled' || !this.#outcome) return;
    this.state = 'finished';
    this.finishedAt = Date.now();
    clearTimeout(this.#timer);
    for (const callback of this.#onFinished.splice(0)) callback();
    this.#resolve(this.#outcome);
  }

  #timedOut(message = `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds`): void {
    const result: InvocationResult = {
      kind: 'timeout',
      error: functionError('Sandbox.Timedout', message),
    };
    // After a complete response the handler may still run (waitUntil): the timeout still hits.
    if (this.settled) this.#outcome = { result, cut: false };
    else this.settle(result);
    this.finish();
    this.onTimeout?.();
  }
}

function traceId(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${time}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

/**
 * Gives a line a runtime printed to the invocation it belongs to: the one whose request id the
 * line carries (Lambda's log formats include it), else the only one the runtime is running.
 */
export function attributeOutput(running: Iterable<Invocation>, line: string): void {
  let only: Invocation | undefined;
  let count = 0;
  for (const invocation of running) {
    if (invocation.state === 'queued' || invocation.finished) continue;
    if (line.includes(invocation.id)) {
      invocation.recordOutput(line);
      return;
    }
    only = invocation;
    count++;
  }
  if (count === 1) only?.recordOutput(line);
}
