import type { Server } from 'node:http';

/** Listens on `port` (0 = ephemeral); resolves to the server's `http://host:port`. */
export function listen(server: Server, port: number, hostname: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const address = server.address() as { port: number };
      const host = hostname.includes(':') ? `[${hostname}]` : hostname;
      resolve(`http://${host}:${address.port}`);
    });
  });
}

/** Stops accepting, ends every connection, resolves once closed. */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}
