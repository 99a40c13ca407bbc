// Backpressure of a streamed body: with the socket buffer full, the writer reads exactly one
// chunk ahead (written in the `drain` event itself, as a raw write loop does) and no more.
import type { ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { serveApp, settled, until } from '../../test/helpers.ts';
import type { HttpBindings } from '../app.ts';

const CHUNK = 64 * 1024;
const CHUNKS = 256; // 16 MiB: more than loopback socket buffers hold

describe('BodyWriter backpressure', () => {
  it('a client that stops reading: one chunk read ahead, then every byte in order', async () => {
    let pulls = 0;
    let writes = 0;
    let outgoing: ServerResponse | undefined;
    const server = await serveApp({
      fetch: (_req: Request, env: HttpBindings) => {
        outgoing = env.outgoing;
        const write = outgoing.write.bind(outgoing) as (chunk: Uint8Array) => boolean;
        outgoing.write = ((chunk: Uint8Array) => {
          writes++;
          return write(chunk);
        }) as ServerResponse['write'];
        return new Response(
          new ReadableStream(
            {
              pull(controller) {
                controller.enqueue(new Uint8Array(CHUNK).fill(pulls % 256));
                if (++pulls === CHUNKS) controller.close();
              },
            },
            { highWaterMark: 0 }, // pulled only when the adapter reads
          ),
          { headers: { 'content-length': String(CHUNK * CHUNKS) } },
        );
      },
    });
    const received: Buffer[] = [];
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    );
    onTestFinished(() => void socket.destroy());
    socket.pause();
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    await until(() => outgoing?.writableNeedDrain === true);
    await settled(() => `${pulls}/${writes}/${outgoing?.writableNeedDrain}`);

    expect(outgoing?.writableNeedDrain).toBe(true);
    expect(pulls).toBeLessThan(CHUNKS);
    expect(pulls).toBe(writes + 1);

    const ended = new Promise((resolve) => socket.once('end', resolve));
    socket.resume();
    await ended;
    const response = Buffer.concat(received);
    const body = response.subarray(response.indexOf('\r\n\r\n') + 4);
    expect(body.length).toBe(CHUNK * CHUNKS);
    for (let index = 0; index < CHUNKS; index++) {
      expect(body[index * CHUNK]).toBe(index % 256);
      expect(body[(index + 1) * CHUNK - 1]).toBe(index % 256);
    }
  });
});
