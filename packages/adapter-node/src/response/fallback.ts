import type { ServerResponse } from 'node:http';

const TEXT: Record<number, [reason: string, body: string]> = {
  400: ['Bad Request', 'Bad Request\n'],
  408: ['Request Timeout', 'Request Timeout: the request body stopped arriving\n'],
  500: ['Internal Server Error', 'Internal Server Error\n'],
  503: ['Service Unavailable', 'Service Unavailable: the server is shutting down\n'],
};

export type FallbackStatus = 400 | 408 | 500 | 503;

/**
 * Fails a response; never throws. Before the head went out: a short plain-text `status`,
 * replacing whatever the app set on the Node response (its status message and headers, which
 * may be what failed). After: the socket is destroyed, so the client sees a truncated body
 * (missing final chunk or short of `Content-Length`) instead of a clean end that would pass
 * for a complete response.
 */
export function failResponse(outgoing: ServerResponse, status: FallbackStatus): void {
  try {
    if (outgoing.destroyed) return;
    if (outgoing.headersSent || outgoing.writableEnded) {
      outgoing.destroy();
      return;
    }
    for (const name of outgoing.getHeaderNames()) outgoing.removeHeader(name);
    const [reason, text] = TEXT[status]!;
    const headers = [
      'content-type',
      'text/plain; charset=utf-8',
      'content-length',
      String(Buffer.byteLength(text)),
    ];
    if (status !== 500) headers.push('connection', 'close');
    if (status === 503) headers.push('retry-after', '1');
    outgoing.strictContentLength = false;
    outgoing.writeHead(status, reason, headers);
    outgoing.end(text);
  } catch {
    outgoing.destroy();
  }
}
