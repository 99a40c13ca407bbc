// A Node Readable as a web ReadableStream, pulled one chunk per read. Used instead of
// `Readable.toWeb`, which enqueues from a 'data' listener and throws an uncaught
// ERR_INVALID_STATE when a chunk arrives just after the web stream was cancelled
// (nodejs/node#54205): cancelling the body at the wrong moment killed the process.
import type { Readable } from 'node:stream';

/**
 * The bytes of `body` as a web stream. Reading pulls from `body` (its own buffer keeps the
 * socket busy; an unread stream applies TCP backpressure); cancelling destroys it, which closes
 * an upstream request. An error of `body` errors the stream; none is ever left unhandled.
 */
export function webStreamOf(body: Readable): ReadableStream<Uint8Array> {
  let cancelled = false;
  body.on('error', () => {}); // surfaced through the reads below, or moot once cancelled
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (error) {
          if (!cancelled) controller.error(error);
          return;
        }
        if (cancelled) return;
        if (next.done) controller.close();
        // A copy, as `Readable.toWeb` makes: the Buffer may be a view of a shared allocation.
        else controller.enqueue(new Uint8Array(next.value));
      },
      cancel() {
        cancelled = true;
        // Not `chunks.return()`: it waits for a pending read, i.e. for the upstream's next chunk.
        body.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Drops a body nobody will read: closes its request without an unhandled 'error' event. */
export function discardBody(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}
