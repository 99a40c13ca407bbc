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
  /**
   * The FunctionName the Invoke APIs answer to (and ARNs carry). Default `<file name>-dev`;
   * the file name alone (`app` for app.mjs) is accepted too.
   */
  functionName?: string;
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
  /** In template mode: the function (logical id) it went to. */
  functionName?: string;
}

/** A line the function (or its runtime client) printed. */
export interface DevRuntimeOutputLog {
  kind: 'runtime';
  time: number;
  runtimeId: number;
  stream: 'stdout' | 'stderr';
  line: string;
  /** In template mode: the function (logical id) whose runtime printed it. */
  functionName?: string;
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
  /** In template mode: the function (logical id) it is about, when it is about one. */
  functionName?: string;
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
  /** Template mode: what the server serves (every route and Function URL with its address). */
  template?: DevTemplateInfo;
  /**
   * The runtime serving the handler: `in-process` when the default, aws-lambda-ric, could not
   * run it (a `warn` log entry says why). Absent in template mode.
   */
  runtime?: DevRuntimeKind;
}

/**
 * `startDevServer({ template })`: every Node.js function of a SAM template, each with its own
 * runtime pool, behind its API Gateway routes (on `port`) and its Function URL (own port).
 */
export interface DevTemplateOptions
  extends Pick<
    DevServerOptions,
    | 'runtime'
    | 'hostname'
    | 'initTimeoutSec'
    | 'concurrency'
    | 'maxRuntimes'
    | 'limits'
    | 'bandwidth'
    | 'env'
    | 'onLog'
    | 'logCapacity'
  > {
  /** Path to the SAM template (YAML or JSON). */
  template: string;
  /**
   * Port of the API routes and the Invoke APIs; 0 = ephemeral. Function URLs take the next
   * ports in template order (all ephemeral when 0). Default 3001.
   */
  port?: number;
  /** `sam --parameter-overrides`: values for the template's Parameters. */
  parameterOverrides?: Record<string, string>;
  /** SAM's `--env-vars` file (`{ Parameters: {...}, <LogicalId>: {...} }`): its path, or its content. */
  envVars?: string | Record<string, Record<string, string | number | boolean>>;
  /** Let the shell's environment set variables the template declares, as `sam local` does. Default true. */
  inheritShellEnv?: boolean;
  /**
   * Refuse to start when a declared environment value cannot be resolved locally (`!Ref` of a
   * bucket...) and nothing sets it (`UNRESOLVED_ENVIRONMENT`). Default false: each such
   * variable is left unset, with one `warn` log entry per variable at startup.
   */
  strictEnv?: boolean;
  /** Build functions with a `Metadata.BuildMethod` (esbuild, makefile) first. Default true. */
  build?: boolean;
  /** Where builds go (`<buildDir>/<LogicalId>`). Default `.aws-sam/lambda-dev` beside the template. */
  buildDir?: string;
  /** Rebuild (and restart that function's runtimes) when its sources change. Default false. */
  watch?: boolean;
}

export interface DevTemplateRoute {
  /** Logical id of the API (`ServerlessRestApi` / `ServerlessHttpApi` for SAM's implicit ones). */
  api: string;
  kind: 'rest' | 'http';
  /** `ANY` or a method. */
  method: string;
  /** Path template (`/items/{id}`, `/{proxy+}`, `$default`). */
  path: string;
  /** Where to send requests: the stage prefix included (`http://127.0.0.1:3001/prod/items/{id}`). */
  url: string;
  /** Logical id of the function. */
  functionId: string;
  streaming: boolean;
}

export interface DevTemplateFunction {
  logicalId: string;
  /** What the Invoke APIs call it (its `FunctionName`, else the logical id). */
  functionName: string;
  /** Its Function URL (own origin), when `FunctionUrlConfig` asks for one. */
  functionUrl?: string;
  invokeMode?: 'BUFFERED' | 'RESPONSE_STREAM';
  /** The Runtime API endpoint of this function's pool, for an externally started runtime. */
  runtimeApiUrl: string;
  /** The runtime serving it: `in-process` when the default, aws-lambda-ric, could not (a `warn` entry says why). */
  runtime: DevRuntimeKind;
}

export interface DevTemplateInfo {
  /** Absolute path of the template. */
  file: string;
  functions: DevTemplateFunction[];
  routes: DevTemplateRoute[];
}
