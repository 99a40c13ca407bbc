// The request body as bytes, and the framing headers that describe them. A Content-Length or
// Transfer-Encoding in the event describes what the client sent to AWS, not the decoded bytes
// the app gets: an app (or a body limit) trusting them could be told 1 byte for 10,000.
import { InvalidEventError } from '../errors.ts';
import { optionalBoolean, optionalString } from './event-fields.ts';

const NO_BODY = /^(?:GET|HEAD)$/i;

/**
 * The event's body, decoded; undefined for GET and HEAD (which cannot have one) and when there
 * is none. Base64 must be canonical (what AWS sends): anything Node would decode by skipping
 * or guessing is refused rather than passed on as different bytes.
 */
export function decodeBody(
  method: string,
  body: unknown,
  isBase64Encoded: unknown,
): Uint8Array<ArrayBuffer> | undefined {
  const text = optionalString(body, 'body');
  const base64 = optionalBoolean(isBase64Encoded, 'isBase64Encoded');
  if (text === undefined || NO_BODY.test(method)) return undefined;
  if (!base64) return Buffer.from(text, 'utf8');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new InvalidEventError('body', 'is not valid base64');
  return bytes;
}

/** Content-Length from the bytes the app will read; no Transfer-Encoding (they are not chunked). */
export function setBodyFraming(headers: Headers, body: Uint8Array | undefined): void {
  headers.delete('transfer-encoding');
  if (body === undefined) headers.delete('content-length');
  else headers.set('content-length', String(body.byteLength));
}
