// Structured request logs: one JSON line per request when its response head is ready.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

export type LogLine = Record<string, string | number | boolean | undefined>;
export type Logger = (line: LogLine) => void;

export const consoleLogger: Logger = (line) => console.log(JSON.stringify(line));
export const silentLogger: Logger = () => {};

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = Date.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('log', (line) => log({ requestId, ...line }));
    await next();
    try {
      c.res.headers.set('x-request-id', requestId);
    } catch {
      // immutable headers (a Response.redirect): the id is still in the log line
    }
    log({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      headersMs: Date.now() - started,
    });
  };
}
