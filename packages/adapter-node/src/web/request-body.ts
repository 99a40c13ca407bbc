// The request body, read from the IncomingMessage only as fast as the app reads: as a web
// stream (`request.body`), or whole in one Buffer (`text()`, `json()`, ... without a stream,
// which skips the stream's promise per chunk). A body that stops early errors both with the
// reason the adapter recorded (a body idle timeout), else the socket's error.

import type { IncomingMessage } from 'node:http';
import { ClientDisconnectedError } from '../errors.ts';

const BODY_FAILURE = Symbol('sluice.bodyFailure');
type TrackedIncoming = IncomingMessage & { [BODY_FAILURE]?: Error };

/** Makes the body fail with `error` when the connection closes (set before closing it). */
export function setBodyFailure(incoming: IncomingMessage, error: Error): void {
  (incoming as TrackedIncoming)[BODY_FAILURE] ??= error;
}

function failureOf(incoming: IncomingMessage, error?: unknown): unknown {
  return (
    (incoming as TrackedIncoming)[BODY_FAILURE] ??
    error ??
    incoming.errored ??
    new ClientDisconnectedError()
  );
}

const toBytes = (chunk: Buffer | string): Uint8Array =>
  typeof chunk === 'string' ? Buffer.from(chunk) : chunk;

/** `request.body`: pulls one buffered chunk per read; cancelling stops reading. */
export function bodyStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  let wake: (() => void) | undefined;
  const onEvent = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  let failure: unknown;
  const onError = (error: unknown) => {
    failure = error;
    onEvent();
  };
  const socket = incoming.socket;
  const detach = () => {
    incoming.off('readable', onEvent);
    incoming.off('end', onEvent);
    incoming.off('close', onEvent);
    incoming.off('error', onError);
    socket?.off('close', onEvent);
  };
  return new ReadableStream<Uint8Array>(
    {
      start() {
        incoming.on('readable', onEvent);
        incoming.on('end', onEvent);
        incoming.on('close', onEvent);
        incoming.on('error', onError);
        // Node stops tracking a request once its response finished: a connection that closes
        // after that leaves an unread body without an event of its own.
        socket?.on('close', onEvent);
      },
      pull(controller) {
        return new Promise<void>((resolve) => {
          const attempt = () => {
            const chunk = incoming.read() as Buffer | string | null;
            if (chunk !== null) {
              controller.enqueue(toBytes(chunk));
            } else if (incoming.readableEnded) {
              detach();
              controller.close();
            } else if (failure !== undefined || incoming.destroyed || socket?.destroyed) {
              detach();
              controller.error(failureOf(incoming, failure));
            } else {
              wake = attempt;
              return;
            }
            resolve();
          };
          attempt();
        });
      },
      cancel() {
        detach();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The whole body in one Buffer (for `text()`, `json()`, `arrayBuffer()`, `bytes()`). */
export function wholeBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (incoming.readableEnded) return resolve(Buffer.alloc(0));
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer | string) =>
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const onEnd = () => {
      detach();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onFailure = (error?: unknown) => {
      if (incoming.readableEnded) return;
      detach();
      reject(failureOf(incoming, error));
    };
    const onClose = () => onFailure();
    const socket = incoming.socket;
    const detach = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onFailure);
      incoming.off('close', onClose);
      socket?.off('close', onClose); // see bodyStream
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onFailure);
    incoming.on('close', onClose);
    socket?.on('close', onClose);
    if ((incoming.destroyed || socket?.destroyed) && !incoming.readableEnded) onFailure();
  });
}
