import type { Prelude } from '../runtime-api/prelude.ts';
import type { DevMode } from '../types.ts';

/** Status and headers to write to the client; `set-cookie` may hold several values. */
export interface ResponseHead {
  status: number;
  headers: Record<string, string | string[]>;
}

/** Connection-level headers the front door sets itself (as AWS does). */
const DROPPED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function addHeader(headers: ResponseHead['headers'], name: string, value: string): void {
  const key = name.toLowerCase();
  if (DROPPED.has(key)) return;
  const existing = headers[key];
  if (existing === undefined) headers[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else headers[key] = [existing, value];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Headers of a prelude or buffered result. Function URLs read `headers` (single strings) and
 * `cookies`; REST also reads `multiValueHeaders`. Every cookie becomes its own Set-Cookie.
 */
export function buildHead(
  mode: DevMode,
  statusCode: unknown,
  source: { headers?: unknown; multiValueHeaders?: unknown; cookies?: unknown },
): ResponseHead {
  const head: ResponseHead = {
    status: typeof statusCode === 'number' ? statusCode : 200,
    headers: {},
  };
  const multi =
    mode === 'rest' && isRecord(source.multiValueHeaders) ? source.multiValueHeaders : {};
  const multiNames = new Set(Object.keys(multi).map((k) => k.toLowerCase()));
  if (isRecord(source.headers)) {
    for (const [name, value] of Object.entries(source.headers)) {
      // API Gateway lets multiValueHeaders win over a header of the same name.
      if (value === undefined || value === null || multiNames.has(name.toLowerCase())) continue;
      addHeader(head.headers, name, String(value));
    }
  }
  for (const [name, values] of Object.entries(multi)) {
    for (const value of Array.isArray(values) ? values : [values]) {
      addHeader(head.headers, name, String(value));
    }
  }
  if (Array.isArray(source.cookies)) {
    for (const cookie of source.cookies) addHeader(head.headers, 'set-cookie', String(cookie));
  }
  const cookie = head.headers['set-cookie'];
  if (typeof cookie === 'string') head.headers['set-cookie'] = [cookie];
  return head;
}

export function headFromPrelude(mode: DevMode, prelude: Prelude): ResponseHead {
  return buildHead(mode, prelude.statusCode, prelude);
}
