import type { ServerResponse } from 'node:http';
import { ClientDisconnectedError, InvalidChunkError } from '../errors.ts';

type ReadResult = ReadableStreamReadResult<Uint8Array>;

/** Told once when the body fails or cannot be written; the body is already cancelled. */
export type BodyFailure<C> = (error: unknown, context: C) => void;

export function toChunk(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new InvalidChunkError(value);
}

/** Status and headers, to send once it is known whether the body ends at once. */
export interface PendingHead {
  status: number;
  /** Sent as the reason phrase when not empty. */
  statusText: string;
  headers: string[];
  /** Add a `Content-Length` when the body ends at once. */
  knownLength: boolean;
}

/** Writes the head, with the app's reason phrase when it gave one. */
export function writeHead(outgoing: ServerResponse, head: PendingHead): void {
  if (head.statusText === '') outgoing.writeHead(head.status, head.headers);
  else outgoing.writeHead(head.status, head.statusText, head.headers);
}

const WRITER = Symbol('sluice.bodyWriter');
type WriterResponse = ServerResponse & { [WRITER]?: BodyWriter<unknown> };

// A shared listener finds its writer on `this` (the response): no closure per open stream.
function onDrain(this: WriterResponse): void {
  this[WRITER]?.drained();
}

// A body built from a string or bytes yields its chunk and its end within a microtask or two;
// a stream that has nothing yet (SSE) does not. A few ticks tell the two apart without a timer.
const afterFewTicks = () => Promise.resolve().then(() => Promise.resolve());

/** Waiting (a few ticks at most) for the first read. */
const FIRST = 0;
/** Holding the first chunk, waiting (a few ticks at most) to see whether the body ends. */
const SECOND = 1;
/** Head sent; every chunk is written as soon as it is read. */
const STREAMING = 2;
/** Ended, failed or the client left: nothing more happens. */
const DONE = 3;
type Phase = typeof FIRST | typeof SECOND | typeof STREAMING | typeof DONE;

/**
 * Writes a body that did not end at once. A body that still ends within a few ticks goes out
 * with a `Content-Length` in one write; any other gets its head flushed at once (SSE clients
 * see the response open before the first event) and each chunk written as soon as it is read.
 * When the socket buffer is full, the next chunk is still read but held until `drain` and
 * written right in that event (as a raw write loop does), and nothing more is read until then:
 * a slow client stops the reads, one chunk ahead, instead of growing memory. The owner calls
 * `closed()` when the response closes: before the end, the client left and the body is
 * cancelled.
 *
 * Callbacks rather than an `async` loop: an idle open stream (SSE streams are many) keeps this
 * object, its two read callbacks and the pending read, not an async frame and promise chains.
 */
export class BodyWriter<C> {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #outgoing: WriterResponse;
  #head: PendingHead | undefined;
  readonly #fail: BodyFailure<C>;
  readonly #context: C;
  #phase: Phase = FIRST;
  #first: Uint8Array | undefined;
  #waitingForDrain = false;
  /** A chunk read while waiting for `drain`, written in that event. */
  #held: ReadResult | undefined;
  readonly #onRead = (result: ReadResult) => this.#read(result);
  readonly #onReadError = (error: unknown) => this.#failWith(error);

  /** `fail(error, context)`: the body errors or a write is refused (never the client leaving). */
  constructor(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    outgoing: ServerResponse,
    head: PendingHead,
    fail: BodyFailure<C>,
    context: C,
  ) {
    this.#reader = reader;
    this.#outgoing = outgoing;
    this.#head = head;
    this.#fail = fail;
    this.#context = context;
  }

  start(): void {
    const outgoing = this.#outgoing;
    (outgoing as WriterResponse)[WRITER] = this as BodyWriter<unknown>;
    outgoing.on('drain', onDrain);
    if (outgoing.destroyed) {
      this.closed();
      return;
    }
    this.#readNext();
    this.#peek(FIRST);
  }

  #readNext(): void {
    this.#reader.read().then(this.#onRead, this.#onReadError);
  }

  #peek(phase: Phase): void {
    afterFewTicks().then(() => {
      if (this.#phase !== phase) return;
      try {
        this.#startStreaming();
      } catch (error) {
        this.#failWith(error);
      }
    });
  }

  /** Sends the head (and the chunk held back) once the body did not end at once. */
  #startStreaming(): void {
    const outgoing = this.#outgoing;
    const head = this.#head as PendingHead;
    writeHead(outgoing, head);
    if (this.#first === undefined) outgoing.flushHeaders();
    else outgoing.write(this.#first);
    this.#first = undefined;
    this.#head = undefined;
    this.#phase = STREAMING;
  }

  #read(result: ReadResult): void {
    try {
      if (this.#phase === FIRST) this.#readFirst(result);
      else if (this.#phase === SECOND) this.#readSecond(result);
      else if (this.#phase === STREAMING) {
        if (this.#waitingForDrain && !result.done) this.#held = result;
        else this.#write(result);
      }
    } catch (error) {
      this.#failWith(error);
    }
  }

  #readFirst(result: ReadResult): void {
    if (result.done) {
      this.#endAtOnce(undefined);
      return;
    }
    this.#first = toChunk(result.value);
    this.#phase = SECOND;
    this.#readNext();
    this.#peek(SECOND);
  }

  #readSecond(result: ReadResult): void {
    if (result.done) {
      this.#endAtOnce(this.#first);
      return;
    }
    this.#startStreaming();
    this.#write(result);
  }

  #endAtOnce(chunk: Uint8Array | undefined): void {
    const head = this.#head as PendingHead;
    if (head.knownLength) head.headers.push('content-length', String(chunk?.byteLength ?? 0));
    writeHead(this.#outgoing, head);
    this.#outgoing.end(chunk);
    this.#finish();
  }

  #write(result: ReadResult): void {
    const outgoing = this.#outgoing;
    if (outgoing.destroyed) {
      this.closed();
      return;
    }
    if (result.done) {
      outgoing.end();
      this.#finish();
      return;
    }
    // Read ahead either way: with a full buffer the chunk is held until `drain`.
    this.#waitingForDrain = !outgoing.write(toChunk(result.value)) && !outgoing.destroyed;
    this.#readNext();
  }

  drained(): void {
    if (!this.#waitingForDrain) return;
    this.#waitingForDrain = false;
    const held = this.#held;
    if (held === undefined || this.#phase !== STREAMING) return;
    this.#held = undefined;
    try {
      this.#write(held);
    } catch (error) {
      this.#failWith(error);
    }
  }

  /** The response closed: when before the end, the client left and the body is cancelled. */
  closed(): void {
    if (this.#phase === DONE) return;
    this.#finish();
    if (!this.#outgoing.writableFinished)
      this.#reader.cancel(new ClientDisconnectedError()).catch(() => {});
  }

  #failWith(error: unknown): void {
    if (this.#phase === DONE) return;
    this.#finish();
    this.#reader.cancel(error).catch(() => {});
    this.#fail(error, this.#context);
  }

  #finish(): void {
    this.#phase = DONE;
    this.#first = undefined;
    this.#held = undefined;
    this.#head = undefined;
    this.#outgoing[WRITER] = undefined;
    this.#outgoing.off('drain', onDrain);
  }
}
