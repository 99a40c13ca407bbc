// The one shape of every error answer sluice makes itself (adapters, proxy, SSE store failure):
// `{ "error": { "code", "message", ...details } }`, so clients parse one thing everywhere.
import type { HeadersInput } from './fetch-types.ts';

export interface JsonErrorInit {
  /** More fields beside `code` and `message` (e.g. `size` and `limit` of an oversize body). */
  details?: Record<string, unknown> | undefined;
  headers?: HeadersInput | undefined;
}

export function jsonErrorResponse(
  status: number,
  code: string,
  message: string,
  init: JsonErrorInit = {},
): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  // `code` and `message` come first for a human reading the body, and no detail replaces them.
  const error = { code, message, ...init.details };
  error.code = code;
  error.message = message;
  return new Response(JSON.stringify({ error }), { status, headers });
}
