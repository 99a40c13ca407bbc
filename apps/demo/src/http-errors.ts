// Every failure the app answers itself is JSON: `{ "error": { "code", "message" } }` + a 4xx/5xx,
// core's jsonErrorResponse, the same shape the adapters use for theirs.
import { jsonErrorResponse } from '@sluice/core';

/** A request the app refuses; `toResponse()` is what the client gets. */
export class BadRequestError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'BadRequestError';
    this.code = code;
    this.status = status;
  }
  toResponse(): Response {
    return jsonErrorResponse(this.status, this.code, this.message);
  }
}

/** An integer query parameter within [min, max]; `fallback` when absent. */
export function intParam(
  url: URL,
  name: string,
  range: { min: number; max: number; fallback?: number },
): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') {
    if (range.fallback !== undefined) return range.fallback;
    throw new BadRequestError('MISSING_PARAMETER', `Query parameter "${name}" is required`);
  }
  if (!/^\d{1,10}$/.test(raw)) {
    throw new BadRequestError('INVALID_PARAMETER', `"${name}" must be a whole number`);
  }
  const value = Number(raw);
  if (value < range.min || value > range.max) {
    throw new BadRequestError(
      'INVALID_PARAMETER',
      `"${name}" must be between ${range.min} and ${range.max}`,
    );
  }
  return value;
}

/** The body as text, refusing more than `limit` bytes with a 413. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    bytes += chunk.value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(limit: number): BadRequestError {
  return new BadRequestError('PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`, 413);
}

/** Parses a JSON body, with 400 `INVALID_JSON` when it is not JSON. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const text = await readBodyText(request, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('INVALID_JSON', 'The body must be JSON');
  }
}
