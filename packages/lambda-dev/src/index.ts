// Public API of @sluice/lambda-dev.

export { DevServerError } from './errors.ts';
export { formatLogEntry } from './log.ts';
export { startDevServer } from './server.ts';
export type {
  DevEventLog,
  DevLimits,
  DevLogEntry,
  DevMode,
  DevOutcome,
  DevRequestLog,
  DevRuntimeKind,
  DevRuntimeOutputLog,
  DevServer,
  DevServerOptions,
  DevServerStats,
} from './types.ts';
