// The verifying reader: parses with event-parser.ts, yields content events, and accepts the
// stream only when `end` says complete and its count, bytes and digest match what arrived.
import type { ChecksumAlgorithm } from '../hash/types.ts';
import { verifyEnd } from './end.ts';
import { parseEnd } from './end-shape.ts';
import { SSEProtocolError, SSETruncatedError } from './errors.ts';
import { createEventParser, type EventSourceMessage } from './event-parser.ts';
import { StreamTally } from './tally.ts';
import type { ReadSSEOptions, SSEMessage } from './types.ts';
import { DEFAULT_EVENT_TYPE } from './wire.ts';

/** What a client carries across connections of one logical stream. */
export interface ReaderState {
  tally: StreamTally;
  readonly algorithms: readonly ChecksumAlgorithm[];
  readonly onReset: (() => void) | undefined;
  /** The server's last `retry:` value. */
  retryMs: number | undefined;
  readonly maxEventSize: number;
}

export const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;

export function createReaderState(options: ReadSSEOptions): ReaderState {
  const algorithms = readerAlgorithms(options.checksum);
  return {
    tally: new StreamTally(algorithms),
    algorithms,
    onReset: options.onReset,
    retryMs: undefined,
    maxEventSize: maxEventSize(options.maxEventSize),
  };
}

function maxEventSize(bound: number | undefined): number {
  if (bound === undefined) return DEFAULT_MAX_EVENT_SIZE;
  if (bound > 0) return bound; // NaN fails this too
  throw new TypeError(`readSSE(): maxEventSize must be a positive number, got ${String(bound)}`);
}

function readerAlgorithms(checksum: ReadSSEOptions['checksum']): ChecksumAlgorithm[] {
  if (checksum === undefined || checksum === 'auto') return ['sha-256', 'crc32'];
  if (checksum === 'sha-256' || checksum === 'crc32') return [checksum];
  if (checksum === false) return [];
  throw new TypeError(`readSSE(): unknown checksum option ${String(checksum)}`);
}

/** Reads a sluice SSE stream, verifying it; see the README for the errors it throws. */
export function readSSE(
  input: Response | ReadableStream<Uint8Array>,
  options: ReadSSEOptions = {},
): AsyncGenerator<SSEMessage, void, undefined> {
  return readEvents(input, createReaderState(options));
}

function isReadableStream(input: unknown): input is ReadableStream<Uint8Array> {
  return typeof (input as ReadableStream).getReader === 'function';
}

/** The body of a 200 `text/event-stream` response; otherwise SSEProtocolError. */
async function eventStreamBody(response: Response): Promise<ReadableStream<Uint8Array>> {
  const contentType = response.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  let problem: string | undefined;
  if (response.status !== 200) problem = `Expected status 200, got ${response.status}`;
  else if (mediaType !== 'text/event-stream')
    problem = `Expected text/event-stream, got '${contentType}'`;
  else if (!response.body) problem = 'The response has no body';
  if (problem === undefined) return response.body!;
  await response.body?.cancel().catch(() => {});
  throw new SSEProtocolError(problem, response.status);
}

/** Yields the content events of one connection, carrying `state` over from earlier ones. */
export async function* readEvents(
  input: Response | ReadableStream<Uint8Array>,
  state: ReaderState,
): AsyncGenerator<SSEMessage, void, undefined> {
  const body = isReadableStream(input) ? input : await eventStreamBody(input);
  const reader = body.getReader();
  const parser = createEventParser({
    maxEventSize: state.maxEventSize,
    onRetry: (retryMs) => {
      state.retryMs = retryMs;
    },
  });
  try {
    for (;;) {
      const chunk = await readChunk(reader, state);
      for (const message of parser.push(chunk.done ? undefined : chunk.value)) {
        const type = message.event ?? DEFAULT_EVENT_TYPE;
        if (type === 'end') {
          verifyEnd(parseEnd(message.data), state.tally, state.algorithms.length > 0);
          return;
        }
        if (type === 'reset') {
          state.tally = new StreamTally(state.algorithms);
          state.onReset?.();
          continue;
        }
        yield contentMessage(message, type, state.tally);
      }
      if (parser.overflowed) {
        const bound = `maxEventSize (${state.maxEventSize} characters)`;
        throw new SSEProtocolError(`An event or line grew past ${bound} without ending`);
      }
      if (chunk.done) {
        throw new SSETruncatedError('The stream ended without an end event', state.tally.count);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  state: ReaderState,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (cause) {
    const message = 'The connection failed before the end event';
    throw new SSETruncatedError(message, state.tally.count, { cause });
  }
}

function contentMessage(message: EventSourceMessage, type: string, tally: StreamTally): SSEMessage {
  const id = String(tally.count + 1);
  if (message.id !== id) {
    throw new SSEProtocolError(`Expected event id ${id}, got ${message.id ?? 'none'}`);
  }
  tally.add(type, message.data);
  return { data: message.data, event: type, id };
}
