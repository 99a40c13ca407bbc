// Raw HTTP for the conformance suite: undici `request` (no decompression, no redirects), the
// body reduced to its length and sha-256, headers normalised.
import { createHash } from 'node:crypto';
import { request } from 'undici';

export interface Observation {
  status: number;
  headers: Record<string, string | string[]>;
  body: { bytes: number; sha256: string; text?: string };
  /** Facts a case derives from the body (parsed JSON, verified SSE events...). */
  facts?: unknown;
}

/** Differ per run or per runtime without meaning anything for the app's behaviour. */
const VOLATILE = new Set([
  'date',
  'x-request-id',
  'x-amzn-requestid',
  'x-amzn-trace-id',
  'cf-ray',
  'server',
  // framing: a fixed length or chunks is each transport's choice, the body is compared itself
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

export function normaliseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of Object.keys(headers).sort()) {
    const value = headers[name];
    if (value === undefined || VOLATILE.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = value;
  }
  return out;
}

export interface RawResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export async function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResult> {
  const response = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers,
    body: init.body,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

export function observe(result: RawResult, keepText = true): Observation {
  const sha256 = createHash('sha256').update(result.body).digest('hex');
  const body: Observation['body'] = { bytes: result.body.length, sha256 };
  if (keepText && result.body.length <= 4096) body.text = result.body.toString('utf8');
  return { status: result.status, headers: normaliseHeaders(result.headers), body };
}
