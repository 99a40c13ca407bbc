import { basename, dirname, extname, resolve } from 'node:path';
import { DevServerError } from './errors.ts';
import type { DevLogEntry, DevMode, DevRuntimeKind, DevServerOptions } from './types.ts';

const MiB = 1024 * 1024;

export interface ResolvedLimits {
  streamedResponseBytes: number;
  bufferedResponseBytes: number;
  requestBytes: number;
  uncappedBytes: number;
  bytesPerSecond: number;
}

/** Everything the server needs, defaults applied and validated. */
export interface ResolvedOptions {
  handlerFile: string;
  taskRoot: string;
  /** The module name without extension, as the runtime client's `_HANDLER` wants it. */
  moduleName: string;
  exportName: string;
  mode: DevMode;
  runtime: DevRuntimeKind;
  port: number;
  hostname: string;
  timeoutMs: number;
  timeoutSec: number;
  initTimeoutMs: number;
  concurrency: number;
  maxRuntimes: number;
  limits: ResolvedLimits;
  bandwidth: boolean;
  env: Record<string, string>;
  watch: boolean;
  onLog: ((entry: DevLogEntry) => void) | undefined;
  logCapacity: number;
  functionName: string;
  /** MemorySize in MB (the context's memoryLimitInMB); a template's, else 1024. */
  memorySizeMb: number;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) {
    throw new DevServerError('INVALID_OPTION', `${name} must be a positive integer, got ${v}`);
  }
  return v;
}

/** Lambda's own rule for a function's name (what CreateFunction accepts). */
function functionName(given: string | undefined, moduleName: string): string {
  if (given === undefined) return `${moduleName}-dev`;
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(given)) {
    throw new DevServerError(
      'INVALID_OPTION',
      `functionName must be 1-64 letters, digits, "-" or "_", got "${given}"`,
    );
  }
  return given;
}

export function resolveOptions(options: DevServerOptions): ResolvedOptions {
  if (typeof options.handler !== 'string' || options.handler === '') {
    throw new DevServerError('INVALID_OPTION', 'handler must be the path to a .mjs or .js file');
  }
  const handlerFile = resolve(options.handler);
  const ext = extname(handlerFile);
  const moduleName = basename(handlerFile, ext);
  if (moduleName.includes('.')) {
    // aws-lambda-ric splits `_HANDLER` at the first dot, so `app.server.mjs` cannot be loaded.
    throw new DevServerError(
      'UNSUPPORTED_HANDLER_NAME',
      `Handler file name "${basename(handlerFile)}" has a dot before its extension; ` +
        'the Lambda runtime cannot load such a module. Rename it (e.g. app-server.mjs).',
    );
  }
  const exportName = options.export ?? 'handler';
  if (exportName === '' || exportName.includes('..')) {
    throw new DevServerError('INVALID_OPTION', `export "${exportName}" is not a valid name`);
  }
  const mode = options.mode ?? 'url';
  if (mode !== 'url' && mode !== 'rest') {
    throw new DevServerError('INVALID_OPTION', `mode must be "url" or "rest", got "${mode}"`);
  }
  const runtime = options.runtime ?? 'ric';
  if (runtime !== 'ric' && runtime !== 'in-process') {
    throw new DevServerError(
      'INVALID_OPTION',
      `runtime must be "ric" or "in-process", got "${runtime}"`,
    );
  }
  const timeoutSec = options.timeoutSec ?? 30;
  if (!(timeoutSec > 0) || timeoutSec > 900) {
    throw new DevServerError('INVALID_OPTION', `timeoutSec must be in (0, 900], got ${timeoutSec}`);
  }
  const limits = options.limits ?? {};
  return {
    handlerFile,
    taskRoot: dirname(handlerFile),
    moduleName,
    exportName,
    mode,
    runtime,
    port: options.port ?? 3001,
    hostname: options.hostname ?? '127.0.0.1',
    timeoutMs: Math.round(timeoutSec * 1000),
    timeoutSec,
    initTimeoutMs: Math.round((options.initTimeoutSec ?? 10) * 1000),
    concurrency: positiveInt('concurrency', options.concurrency, 1),
    maxRuntimes: positiveInt('maxRuntimes', options.maxRuntimes, 10),
    limits: {
      streamedResponseBytes: limits.streamedResponseBytes ?? 200 * MiB,
      bufferedResponseBytes: limits.bufferedResponseBytes ?? 6 * MiB,
      requestBytes: limits.requestBytes ?? 6 * MiB,
      uncappedBytes: limits.uncappedBytes ?? 6 * MiB,
      bytesPerSecond: limits.bytesPerSecond ?? 2 * MiB,
    },
    bandwidth: options.bandwidth ?? false,
    env: options.env ?? {},
    watch: options.watch ?? false,
    onLog: options.onLog,
    logCapacity: positiveInt('logCapacity', options.logCapacity, 5000),
    functionName: functionName(options.functionName, moduleName),
    memorySizeMb: 1024,
  };
}
