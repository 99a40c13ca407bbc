// Framing of sluice SSE v1 (shared/design/sse-integrity.md): what goes on the wire, as strings.
import { SSEEventError } from './errors.ts';
import type { SSEEnd, SSEEventInput } from './types.ts';

export const DEFAULT_EVENT_TYPE = 'message';
const RESERVED_TYPES = new Set(['end', 'reset']);
const FORBIDDEN_IN_FIELD = /[\r\n\0]/;
const LINE_BREAK = /\r\n|\r|\n/;

/** An event reduced to what a client will dispatch: its type and its LF-joined data. */
export interface DispatchedEvent {
  type: string;
  data: string;
}

/** Validates a user event and turns it into what the client will dispatch. */
export function toDispatchedEvent(input: SSEEventInput): DispatchedEvent {
  if (typeof input === 'string')
    return { type: DEFAULT_EVENT_TYPE, data: normalizeLineBreaks(input) };
  if (typeof input !== 'object' || input === null) {
    throw new SSEEventError(`An event must be a string or { data, event? }, got ${typeof input}`);
  }
  const type = input.event === undefined || input.event === '' ? DEFAULT_EVENT_TYPE : input.event;
  if (typeof type !== 'string' || FORBIDDEN_IN_FIELD.test(type)) {
    throw new SSEEventError('An event type must be a string without CR, LF or NUL');
  }
  if (RESERVED_TYPES.has(type)) {
    throw new SSEEventError(`The event type '${type}' is reserved by the protocol`);
  }
  return { type, data: normalizeLineBreaks(serializeData(input.data)) };
}

function serializeData(data: unknown): string {
  if (typeof data === 'string') return data;
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (cause) {
    // BigInt, a cycle, a throwing toJSON: the app's own message (it may quote data) stays here.
    throw new SSEEventError('Event data could not be serialised as JSON', { cause });
  }
  if (json === undefined) throw new SSEEventError(`Event data of type ${typeof data} is not JSON`);
  return json;
}

/** CR, LF and CRLF all end a line on the wire; the client joins lines with LF. */
function normalizeLineBreaks(data: string): string {
  if (data.indexOf('\r') === -1) return data;
  return data.split(LINE_BREAK).join('\n');
}

/** A content event: `id:`, then `event:` unless it is the default type, then the data lines. */
export function formatEvent(seq: number, type: string, data: string): string {
  const head = type === DEFAULT_EVENT_TYPE ? `id: ${seq}\n` : `id: ${seq}\nevent: ${type}\n`;
  if (data.indexOf('\n') === -1) return `${head}data: ${data}\n\n`;
  return `${head}data: ${data.replaceAll('\n', '\ndata: ')}\n\n`;
}

/**
 * An `end` frame. `seq` is its place in the stream; `undefined` for an end that is not in the
 * store (it failed): without `id:` a plain EventSource keeps the id of the last event it really
 * has and resumes from there, instead of skipping the event the end's id would stand for.
 */
export function formatEnd(seq: number | undefined, end: SSEEnd): string {
  return formatEndFrame(seq, JSON.stringify(end));
}

/** An `end` frame whose JSON is already serialised (e.g. read back from a store). */
export function formatEndFrame(seq: number | undefined, endJson: string): string {
  const id = seq === undefined ? '' : `id: ${seq}\n`;
  return `event: end\n${id}data: ${endJson}\n\n`;
}

export const RESET_FRAME = 'event: reset\ndata: {"v":1}\n\n';
export const HEARTBEAT_FRAME = ': keep-alive\n\n';

export function formatRetry(retryMs: number): string {
  return `retry: ${Math.max(0, Math.floor(retryMs))}\n\n`;
}
