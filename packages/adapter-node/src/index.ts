export {
  ClientDisconnectedError,
  InvalidChunkError,
  InvalidResponseError,
  NodeAdapterError,
  ServerShutdownError,
} from './errors.ts';
export type { ListenerOptions, NodeListener } from './listener.ts';
export { createListener } from './listener.ts';
export type { ServeOptions, Server } from './serve.ts';
export { serve } from './serve.ts';
export { serverTimeouts } from './server-timeouts.ts';
