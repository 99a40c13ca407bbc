// Bench child: opens N SSE connections with raw sockets and holds them idle.
// Usage: node bench/_lib/sse-clients.ts <url> <count>; IPC: sends { open } once every stream
// received its first bytes, exits on 'close'.
import { connect, type Socket } from 'node:net';

const [url = '', count = '1000'] = process.argv.slice(2);
const { hostname, port, pathname } = new URL(url);
const BATCH = 200;
const sockets: Socket[] = [];

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`,
      );
    });
    socket.once('data', () => resolve());
    socket.once('error', reject);
    sockets.push(socket);
  });
}

for (let opened = 0; opened < Number(count); opened += BATCH) {
  const batch = Math.min(BATCH, Number(count) - opened);
  await Promise.all(Array.from({ length: batch }, open));
}
process.send?.({ open: sockets.length });
process.on('message', () => {
  for (const socket of sockets) socket.destroy();
  process.exit(0);
});
