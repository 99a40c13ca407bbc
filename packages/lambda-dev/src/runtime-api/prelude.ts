import {
  PRELUDE_DELIMITER_LENGTH as DELIMITER_LENGTH,
  PRELUDE_CONTENT_TYPE,
} from '@sluice/adapter-lambda/runtime';
import { type FunctionError, functionError } from '../errors.ts';
import { isFinalStatus, MAX_STATUS, MIN_STATUS } from '../relay/head-check.ts';

/** Lambda looks for the delimiter within this many bytes. */
export const PRELUDE_MAX_BYTES = 16 * 1024;

export interface Prelude {
  statusCode?: unknown;
  headers?: unknown;
  multiValueHeaders?: unknown;
  cookies?: unknown;
}

export type PreludeStep =
  | { state: 'need-more' }
  | { state: 'done'; prelude: Prelude; rest: Buffer }
  | { state: 'error'; error: FunctionError };

export function isPreludeContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === PRELUDE_CONTENT_TYPE;
}

/**
 * Finds `JSON + 8 NUL bytes` at the start of a streamed body, fed chunk by chunk.
 * Holds at most PRELUDE_MAX_BYTES + one chunk; everything after the delimiter is handed back.
 */
export class PreludeParser {
  #held: Buffer[] = [];
  #heldBytes = 0;

  push(chunk: Buffer): PreludeStep {
    this.#held.push(chunk);
    this.#heldBytes += chunk.length;
    const all = this.#held.length === 1 ? chunk : Buffer.concat(this.#held, this.#heldBytes);
    this.#held = [all];
    const at = findDelimiter(all, Math.min(all.length, PRELUDE_MAX_BYTES + DELIMITER_LENGTH));
    if (at >= 0) return parse(all.subarray(0, at), all.subarray(at + DELIMITER_LENGTH));
    if (all.length >= PRELUDE_MAX_BYTES + DELIMITER_LENGTH) return tooLong();
    return { state: 'need-more' };
  }

  /** The body ended before a delimiter: bytes that were held, if any. */
  get heldBytes(): number {
    return this.#heldBytes;
  }
}

function findDelimiter(buf: Buffer, limit: number): number {
  let run = 0;
  for (let i = 0; i < limit; i++) {
    run = buf[i] === 0 ? run + 1 : 0;
    if (run === DELIMITER_LENGTH) return i - DELIMITER_LENGTH + 1;
  }
  return -1;
}

function tooLong(): PreludeStep {
  return {
    state: 'error',
    error: functionError(
      'Runtime.MalformedPrelude',
      `No 8-NUL-byte delimiter within the first ${PRELUDE_MAX_BYTES} bytes of a response whose ` +
        `content type is ${PRELUDE_CONTENT_TYPE}; expected JSON {statusCode, headers, cookies} ` +
        'followed by 8 NUL bytes (awslambda.HttpResponseStream.from writes it on the first write).',
    ),
  };
}

function parse(json: Buffer, rest: Buffer): PreludeStep {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch (err) {
    return {
      state: 'error',
      error: functionError(
        'Runtime.MalformedPrelude',
        `Response prelude is not valid JSON (${(err as Error).message}): ` +
          JSON.stringify(json.subarray(0, 200).toString('utf8')),
      ),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      state: 'error',
      error: functionError('Runtime.MalformedPrelude', 'Response prelude must be a JSON object'),
    };
  }
  const status = (value as Prelude).statusCode;
  if (status !== undefined && !isFinalStatus(status)) {
    return {
      state: 'error',
      error: functionError(
        'Runtime.MalformedPrelude',
        `Response prelude statusCode must be an integer ${MIN_STATUS}-${MAX_STATUS}, got ` +
          JSON.stringify(status),
      ),
    };
  }
  return { state: 'done', prelude: value as Prelude, rest };
}
