import type { ServerResponse } from 'node:http';
import type { DevLog } from '../log.ts';

const INTERNAL_ERROR = JSON.stringify({ message: 'Internal Server Error' });

/**
 * Runs one request's handling so that nothing it throws can end the dev server: a throw or
 * rejection is logged, and the client gets a 500 JSON if nothing was sent yet, or loses the
 * connection if a response had already begun (a half-sent body must not read as complete).
 */
export function guardRequest(
  res: ServerResponse,
  log: DevLog,
  handle: () => Promise<unknown> | unknown,
): void {
  let work: Promise<unknown>;
  try {
    work = Promise.resolve(handle());
  } catch (err) {
    work = Promise.reject(err);
  }
  work.catch((err: unknown) => {
    answerFailure(res);
    try {
      log.event({
        level: 'error',
        message: `Request failed inside the dev server: ${describe(err)}`,
      });
    } catch {
      // The answer is out; a log that cannot take the entry must not end the process either.
    }
  });
}

function answerFailure(res: ServerResponse): void {
  try {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    res.writeHead(500, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(INTERNAL_ERROR),
    });
    res.end(INTERNAL_ERROR);
  } catch {
    res.destroy();
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
