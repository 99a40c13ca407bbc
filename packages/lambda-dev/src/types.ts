/** Which AWS front door the dev server imitates. */
export type DevMode = 'url' | 'rest';

/** Which runtime runs the handler: AWS's own client, or our JS loop in a worker thread. */
export type DevRuntimeKind = 'ric' | 'in-process';

/** Lambda's limits; every field optional, defaults are AWS's. */
export interface DevLimits {
  /** Streamed response body cap (bytes). Default 200 MiB. */
  streamedResponseBytes?: number;
  /** Buffered (non-streaming) response cap (bytes). Default 6 MiB. */
  bufferedResponseBytes?: number;
  /** Request body cap (bytes). Default 6 MiB. */
  requestBytes?: number;
  /** Bandwidth model: bytes sent uncapped before throttling starts. Default 6 MiB. */
  uncappedBytes?: number;
  /** Bandwidth model: bytes per second after `uncappedBytes`. Default 2 MiB/s. */
  bytesPerSecond?: number;
}

export interface DevServerOptions {
  /** Path to the handler module (.mjs or .js). */
  handler: string;
  /** Exported handler name (may be nested, `a.b`). Default `handler`. */
  export?: string;
  /** `url`: Function URL (payload 2.0). `rest`: API Gateway REST STREAM (v1 events). Default `url`. */
  mode?: DevMode;
  /** Default `ric` (AWS's aws-lambda-ric in a child process). */
  runtime?: DevRuntimeKind;
  /** Front-door port; 0 = ephemeral. Default 3001. */
  port?: number;
  /** Front-door hostname. Default 127.0.0.1. */
  hostname?: string;
  /** Function timeout in seconds. Default 30. */
  timeoutSec?: number;
  /**
   * Init allowance in seconds: an invocation waiting for a cold runtime fails after this plus
   * `timeoutSec` (Lambda: 10 s of init, then init is retried within the invoke). Default 10.
   */
  initTimeoutSec?: number;
  /** Concurrent invocations per runtime process. Default 1 (one Lambda sandbox). */
  concurrency?: number;
  /** Runtime processes at most; beyond that requests get 429. Default 10. */
  maxRuntimes?: number;
  limits?: DevLimits;
  /** Enable the bandwidth model (first 6 MiB uncapped, then 2 MiB/s). Default false. */
  bandwidth?: boolean;
  /** Extra environment for the function (merged over the Lambda variables). */
  env?: Record<string, string>;
  /** Restart the runtime pool when the handler file changes. Default false. */
  watch?: boolean;
  /** Called for every log entry (requests, runtime output, events). */
  onLog?: (entry: DevLogEntry) => void;
  /** Entries kept in `logs` (oldest dropped first). Default 5000. */
  logCapacity?: number;
}

/**
 * How an invocation ended for the client:
 * - `ok`: complete response;
 * - `error-trailer`: failed after the first byte, so the client's response was cut;
 * - `error`: failed before the first byte (or throttled, or request too large): an error status;
 * - `timeout`: the function timed out (502 before the first byte, a cut after);
 * - `client-gone`: the client left before the end; the invocation still ran to its end.
 */
export type DevOutcome = 'ok' | 'error-trailer' | 'error' | 'timeout' | 'client-gone';

/** One line per front-door request. */
export interface DevRequestLog {
  kind: 'request';
  time: number;
  requestId: string;
  method: string;
  path: string;
  status: number;
  /** Body bytes delivered to the client. */
  bytes: number;
  /** ms until the response head was written; null when nothing was sent. */
  ttfbMs: number | null;
  durationMs: number;
  outcome: DevOutcome;
  errorType?: string;
  errorMessage?: string;
  /** Which runtime process served it (absent when none did). */
  runtimeId?: number;
}

/** A line the function (or its runtime client) printed. */
export interface DevRuntimeOutputLog {
  kind: 'runtime';
  time: number;
  runtimeId: number;
  stream: 'stdout' | 'stderr';
  line: string;
}

/** Something the dev server itself reports (timeouts, init errors, reloads, exits). */
export interface DevEventLog {
  kind: 'event';
  time: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  requestId?: string;
  runtimeId?: number;
  errorType?: string;
}

export type DevLogEntry = DevRequestLog | DevRuntimeOutputLog | DevEventLog;

export interface DevServerStats {
  /** Invocations queued on a runtime or running (also after their response, until they end). */
  busy: number;
  /** Free slots on live runtime processes. */
  idle: number;
  /** Live runtime processes taking work (not those being killed or retired). */
  runtimes: number;
}

export interface DevServer {
  /** Front door, e.g. `http://127.0.0.1:3001`. */
  url: string;
  /**
   * A Runtime API endpoint (`http://host:port`) that an externally started runtime can poll,
   * e.g. one under a debugger; invocations go to it first while it waits on `/next`.
   */
  runtimeApiUrl: string;
  /** Recent log entries, oldest first. */
  logs: DevLogEntry[];
  stats(): DevServerStats;
  /** Restart every runtime process (what watch mode does on a change). */
  reload(): void;
  close(): Promise<void>;
}
