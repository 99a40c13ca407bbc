/** Status and headers in the flat `[name, value, ...]` form `writeHead` takes without copying. */
export interface NodeHead {
  status: number;
  headers: string[];
  hasContentLength: boolean;
}

/**
 * Node frames the body itself (fixed length or chunked), so an app's `Transfer-Encoding` is
 * dropped: sent next to a `Content-Length` it makes gateways answer 502.
 */
export function toNodeHead(response: Response, closeConnection: boolean): NodeHead {
  const headers: string[] = [];
  let hasContentLength = false;
  for (const [name, value] of response.headers) {
    if (name === 'transfer-encoding') continue;
    // Shutdown closes the connection itself; an app's own Connection would be a second one.
    if (closeConnection && (name === 'connection' || name === 'keep-alive')) continue;
    if (name === 'content-length') hasContentLength = true;
    headers.push(name, value);
  }
  if (closeConnection) headers.push('connection', 'close');
  return { status: response.status, headers, hasContentLength };
}

/** Statuses whose responses carry a body, hence a `Content-Length` Node may add. */
export function mayHaveBody(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}
