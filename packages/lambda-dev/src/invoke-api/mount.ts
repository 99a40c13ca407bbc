import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Paths of Lambda's Invoke APIs; on a server with the Invoke APIs mounted nothing else gets them. */
export const INVOKE_API_PREFIXES = ['/2015-03-31/functions/', '/2021-11-15/functions/'] as const;

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export function isInvokeApiPath(url: string | undefined): boolean {
  if (!url) return false;
  return INVOKE_API_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/**
 * Serves the Invoke APIs on an existing node:http server (a front door): requests under the
 * two reserved prefixes go to `invokeApi`, every other request to the listeners the server
 * already had, unchanged.
 */
export function mountInvokeApi(server: Server, invokeApi: RequestListener): void {
  const previous = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isInvokeApiPath(req.url)) {
      invokeApi(req, res);
      return;
    }
    for (const listener of previous) listener.call(server, req, res);
  });
}
