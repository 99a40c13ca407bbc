// Child process for memory tests: a node:http upstream that answers `/?mb=N` with N MiB of
// gzip (see gzip-source.ts). IPC: sends { port } once listening, then one GzipSent per
// finished response. Kept out of the test process so only the proxy's memory is measured.
import { createServer } from 'node:http';
import { sendGzip } from './gzip-source.ts';

const server = createServer((req, res) => {
  const mb = Number(new URL(req.url ?? '/', 'http://upstream').searchParams.get('mb') ?? '1');
  sendGzip(res, mb * 1024 * 1024).then(
    (sent) => process.send?.({ sent }),
    () => process.send?.({ sent: null }),
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
