import { isUtf8 } from 'node:buffer';

/** Decides from a Content-Type whether a body must go base64 (true) or can go as text. */
export type IsBinary = (contentType: string) => boolean;

const TEXT_TYPE =
  /^(?:text\/|application\/(?:json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|x-ndjson)\b|image\/svg\+xml\b|[\w.-]+\/[\w.+-]*\+(?:json|xml)\b)/i;

/** Default: everything is binary except textual types (text/*, JSON, XML, JS, forms, SVG). */
export const defaultIsBinary: IsBinary = (contentType) => !TEXT_TYPE.test(contentType.trim());

/** True when the codings list names any coding but identity; an empty or blank one names none. */
function isEncoded(contentEncoding: string | null): boolean {
  if (contentEncoding === null) return false;
  for (const coding of contentEncoding.split(',')) {
    const name = coding.trim().toLowerCase();
    if (name !== '' && name !== 'identity') return true;
  }
  return false;
}

/**
 * A body goes base64 when it is compressed (any Content-Encoding but identity), when its type
 * is binary, or when it is not valid UTF-8; otherwise it goes as a string, byte for byte.
 */
export function encodeBody(
  bytes: Buffer,
  headers: Headers,
  isBinary: IsBinary,
): { body: string; isBase64Encoded: boolean } {
  const contentType = headers.get('content-type');
  const binary =
    isEncoded(headers.get('content-encoding')) ||
    (contentType !== null && isBinary(contentType)) ||
    !isUtf8(bytes);
  return binary
    ? { body: bytes.toString('base64'), isBase64Encoded: true }
    : { body: bytes.toString('utf8'), isBase64Encoded: false };
}
