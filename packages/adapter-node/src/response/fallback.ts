import type { ServerResponse } from 'node:http';

const TEXT: Record<number, string> = {
  500: 'Internal Server Error\n',
  503: 'Service Unavailable: the server is shutting down\n',
};

/**
 * Fails a response. Before the head went out: a short plain-text `status`. After: the socket
 * is destroyed, so the client sees a truncated body (missing final chunk or short of
 * `Content-Length`) instead of a clean end that would pass for a complete response.
 */
export function failResponse(outgoing: ServerResponse, status: 500 | 503): void {
  if (outgoing.destroyed) return;
  if (outgoing.headersSent) {
    outgoing.destroy();
    return;
  }
  const text = TEXT[status] ?? '';
  outgoing.writeHead(status, [
    'content-type',
    'text/plain; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(text)),
    ...(status === 503 ? ['connection', 'close', 'retry-after', '1'] : []),
  ]);
  outgoing.end(text);
}
