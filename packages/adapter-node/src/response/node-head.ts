/** Headers in the flat `[name, value, ...]` form `writeHead` takes without copying. */
export interface NodeHead {
  headers: string[];
  /** The app's own `Content-Length`, if it set one. */
  contentLength: string | undefined;
}

/** The flat list of a `Headers` object (each Set-Cookie line on its own). */
export function headerListOf(headers: Headers): string[] {
  const list: string[] = [];
  for (const [name, value] of headers) list.push(name, value);
  return list;
}

/**
 * What goes to `writeHead` from the app's (lowercase) header list. Node frames the body itself
 * (fixed length or chunked), so an app's `Transfer-Encoding` is dropped: sent next to a
 * `Content-Length` it makes gateways answer 502.
 */
export function toNodeHead(
  list: readonly string[] | undefined,
  closeConnection: boolean,
): NodeHead {
  const headers: string[] = [];
  let contentLength: string | undefined;
  if (list !== undefined) {
    for (let i = 0; i < list.length; i += 2) {
      const name = list[i]!;
      if (name === 'transfer-encoding') continue;
      // Shutdown closes the connection itself; an app's own Connection would be a second one.
      if (closeConnection && (name === 'connection' || name === 'keep-alive')) continue;
      if (name === 'content-length') contentLength = list[i + 1];
      headers.push(name, list[i + 1]!);
    }
  }
  if (closeConnection) headers.push('connection', 'close');
  return { headers, contentLength };
}

/** Statuses whose responses carry a body, hence a `Content-Length` Node may add. */
export function mayHaveBody(status: number): boolean {
  return status >= 200 && status !== 204 && status !== 304;
}
