export type { AppLike, HttpBindings } from './app.ts';
export {
  BadRequestError,
  ClientDisconnectedError,
  ContentLengthMismatchError,
  InvalidChunkError,
  InvalidResponseError,
  NodeAdapterError,
  RequestBodyTimeoutError,
  ServerShutdownError,
} from './errors.ts';
export type { NodeExecutionContext } from './exchange/execution-context.ts';
export type { ListenerOptions, NodeListener } from './listener.ts';
export { createListener } from './listener.ts';
export type { ServeOptions, ServeOptionsWithFetch, Server } from './serve.ts';
export { serve } from './serve.ts';
export { serverTimeouts } from './server-timeouts.ts';
export { FastResponse } from './web/fast-response.ts';
export { installGlobals } from './web/globals.ts';
