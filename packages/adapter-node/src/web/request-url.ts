// request.url from what the socket and the request line say. The scheme comes from the socket
// (TLS or not), never from the client, unless `trustProxy` lets X-Forwarded-Proto say it. The
// host comes from the Host header (checked: no userinfo, path or other delimiters). An
// absolute-form target (`GET http://host/x HTTP/1.1`, which proxies send) keeps only its path
// and query, so neither its scheme nor its userinfo reaches the app.

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { BadRequestError } from '../errors.ts';

export interface UrlSettings {
  /** Honour `X-Forwarded-Proto: https|http` (only behind a proxy that sets it). */
  trustProxy: boolean;
}

// Targets and hosts that are already in the form the URL parser would produce: most requests.
const PLAIN_PATH = /^\/[\w\-.~!$&()*+,;=:@/?%]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?]|$)/;
const PLAIN_HOST = /^[a-z0-9.-]+(?::\d{1,5})?$/;
// What a Host header may contain at all (reg-name, IPv4 or [IPv6], optional port).
const VALID_HOST = /^(?:[\w\-.~!$&'()*+,;=%]+|\[[\da-fA-F:.]+\])(?::\d{0,5})?$/;

/** What the request listener reads from the raw headers in one pass. */
export interface HeadFacts {
  host: string | undefined;
  forwardedProto: string | undefined;
  /** A `Content-Length` above 0 or a `Transfer-Encoding`: the request has a body. */
  hasBody: boolean;
}

export function readHeadFacts(raw: readonly string[]): HeadFacts {
  let host: string | undefined;
  let forwardedProto: string | undefined;
  let hasBody = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    switch (name.length) {
      case 4:
        if (host === undefined && name.toLowerCase() === 'host') host = raw[i + 1];
        break;
      case 14:
        if (name.toLowerCase() === 'content-length' && raw[i + 1] !== '0') hasBody = true;
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding') hasBody = true;
        else if (forwardedProto === undefined && name.toLowerCase() === 'x-forwarded-proto')
          forwardedProto = raw[i + 1];
        break;
    }
  }
  return { host, forwardedProto, hasBody };
}

function schemeOf(incoming: IncomingMessage, facts: HeadFacts, settings: UrlSettings): string {
  if (settings.trustProxy && facts.forwardedProto !== undefined) {
    const first = facts.forwardedProto.split(',')[0]!.trim().toLowerCase();
    if (first === 'https' || first === 'http') return first;
  }
  return (incoming.socket as TLSSocket | null)?.encrypted ? 'https' : 'http';
}

function targetPath(target: string): string {
  if (target.charCodeAt(0) === 47 /* / */) return target;
  if (/^https?:\/\//i.test(target)) {
    try {
      const url = new URL(target);
      return url.pathname + url.search;
    } catch {
      throw new BadRequestError('Invalid absolute-form request target');
    }
  }
  throw new BadRequestError('Unsupported request target');
}

function hostOf(incoming: IncomingMessage, facts: HeadFacts): string {
  const host = facts.host;
  if (host !== undefined && host !== '') return host;
  const { localAddress, localPort } = incoming.socket ?? {};
  if (localAddress === undefined) return 'localhost';
  return localAddress.includes(':')
    ? `[${localAddress}]:${localPort}`
    : `${localAddress}:${localPort}`;
}

/** The absolute URL of the request; a `BadRequestError` (400) for a bad host or target. */
export function requestUrl(
  incoming: IncomingMessage,
  facts: HeadFacts,
  settings: UrlSettings,
): string {
  const scheme = schemeOf(incoming, facts, settings);
  const host = hostOf(incoming, facts);
  const path = targetPath(incoming.url ?? '/');
  if (PLAIN_HOST.test(host) && PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path))
    return `${scheme}://${host}${path}`;
  if (!VALID_HOST.test(host)) throw new BadRequestError('Invalid Host header');
  try {
    const url = new URL(`${scheme}://${host}${path}`);
    return `${url.origin}${url.pathname}${url.search}`;
  } catch {
    throw new BadRequestError('Invalid request target');
  }
}
