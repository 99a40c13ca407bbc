// The damage property of docs/sse-integrity.md: a changed stream either fails with a typed
// SSEError or reads as what was sent. Helpers to change bytes and judge each outcome.
import { SSEError } from '../errors.ts';
import { sse } from '../sse.ts';
import type { ChecksumAlgorithm, ReadSSEOptions, SSEMessage } from '../types.ts';
import { utf8Length } from '../utf8.ts';
import { bodyBytes, readAll } from './bytes.ts';

/** The multi-event stream of the report that found the downgrade (event type, JSON, unicode). */
export const DAMAGE_EVENTS = [
  'Hel',
  'lo',
  { data: { type: 'text-delta', delta: ' wor' } },
  { event: 'usage', data: { tokens: 12, note: 'ünï — 🚀' } },
  'ld',
];

export interface DamageSubject {
  wire: Uint8Array;
  /** Where the `end` frame starts. */
  endAt: number;
  readOptions: ReadSSEOptions;
  /** What the undamaged stream reads as. */
  expected: SSEMessage[];
  /** The promise for an accepted stream: its events, or (without a digest) count and bytes. */
  promise: 'identical events' | 'same count and bytes';
}

export async function damageSubject(checksum: ChecksumAlgorithm | false): Promise<DamageSubject> {
  const wire = await bodyBytes(sse(DAMAGE_EVENTS, { heartbeatMs: 0, checksum }));
  const readOptions: ReadSSEOptions = { checksum: checksum === false ? false : 'auto' };
  const { messages, error } = await readAll(singleChunk(wire), readOptions);
  if (error !== undefined) throw error;
  const endAt = Buffer.from(wire).lastIndexOf('event: end');
  const promise = checksum === false ? 'same count and bytes' : 'identical events';
  return { wire, endAt, readOptions, expected: messages, promise };
}

export function singleChunk(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

const totalBytes = (messages: SSEMessage[]) =>
  messages.reduce((sum, message) => sum + utf8Length(message.data), 0);

/** Reads `damaged`; returns what broke the promise, or undefined. */
export async function brokenPromise(
  subject: DamageSubject,
  damaged: Uint8Array,
): Promise<string | undefined> {
  const { messages, error } = await readAll(singleChunk(damaged), subject.readOptions);
  if (error !== undefined) {
    return error instanceof SSEError ? undefined : `an untyped error: ${String(error)}`;
  }
  if (subject.promise === 'identical events') {
    if (JSON.stringify(messages) === JSON.stringify(subject.expected)) return undefined;
    return `accepted changed events: ${JSON.stringify(messages)}`;
  }
  const same =
    messages.length === subject.expected.length &&
    totalBytes(messages) === totalBytes(subject.expected);
  return same ? undefined : `accepted another count or byte total: ${JSON.stringify(messages)}`;
}

/** A copy of `wire` with `bytes[offset] = value` for each change. */
export function changed(wire: Uint8Array, changes: Array<[offset: number, value: number]>) {
  const copy = wire.slice();
  for (const [offset, value] of changes) copy[offset] = value;
  return copy;
}

/** A seed from SSE_DAMAGE_SEED (to replay a failure), else a fresh one; print it on failure. */
export function damageSeed(): number {
  const fromEnv = Number(process.env.SSE_DAMAGE_SEED);
  return Number.isInteger(fromEnv) ? fromEnv : Math.floor(Math.random() * 2 ** 31);
}

const describeChanges = (wire: Uint8Array, changes: Array<[number, number]>) =>
  changes.map(([at, value]) => `byte ${at}: ${wire[at]} -> ${value}`).join(', ');

export function failureReport(
  subject: DamageSubject,
  changes: Array<[number, number]>,
  problem: string,
  seed?: number,
): string {
  const replay = seed === undefined ? '' : ` (replay: SSE_DAMAGE_SEED=${seed})`;
  return `${describeChanges(subject.wire, changes)}: ${problem}${replay}`;
}
