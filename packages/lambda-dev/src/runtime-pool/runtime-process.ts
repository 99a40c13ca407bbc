import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DevServerError } from '../errors.ts';
import type { ResolvedOptions } from '../options.ts';

export interface RuntimeExit {
  code: number | null;
  signal: string | null;
  /** An uncaught error that ended a worker thread (a child prints its own to stderr). */
  error?: string;
}

/** A started runtime (child process or worker thread): its output, its end, a way to kill it. */
export interface RuntimeProcess {
  stdout: Readable;
  stderr: Readable;
  exited: Promise<RuntimeExit>;
  kill(): void;
}

export function launchRuntime(
  options: ResolvedOptions,
  env: Record<string, string>,
): RuntimeProcess {
  return options.runtime === 'ric' ? launchRic(options, env) : launchInProcess(options, env);
}

function launchRic(options: ResolvedOptions, env: Record<string, string>): RuntimeProcess {
  const ric = locateRic(options.taskRoot);
  const child = spawn(process.execPath, [ric, env._HANDLER ?? ''], {
    cwd: options.taskRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<RuntimeExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: 'spawn-error' }));
  });
  return {
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

function launchInProcess(options: ResolvedOptions, env: Record<string, string>): RuntimeProcess {
  const worker = new Worker(devRuntimeWorkerPath(), {
    env,
    workerData: { handlerFile: options.handlerFile, exportName: options.exportName },
    stdout: true,
    stderr: true,
    execArgv: [],
  });
  let done = false;
  let error: string | undefined;
  // An uncaught error in the worker ends it like a crashed process; 'exit' follows.
  worker.on('error', (err) => {
    error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  });
  const exited = new Promise<RuntimeExit>((resolve) => {
    worker.once('exit', (code) => {
      done = true;
      resolve({ code, signal: null, ...(error ? { error } : {}) });
    });
  });
  return {
    stdout: worker.stdout,
    stderr: worker.stderr,
    exited,
    kill: () => {
      if (!done) void worker.terminate();
    },
  };
}

/** aws-lambda-ric's entry: the function's own install first, then this package's. */
export function locateRic(taskRoot: string): string {
  for (const base of [join(taskRoot, 'noop.js'), fileURLToPath(import.meta.url)]) {
    try {
      return createRequire(base).resolve('aws-lambda-ric');
    } catch {
      // try the next place
    }
  }
  throw new DevServerError(
    'RIC_NOT_FOUND',
    `runtime "ric" needs the aws-lambda-ric package next to the handler or this package. ${RIC_INSTALL_HINT}`,
  );
}

/** How to get a working aws-lambda-ric, or do without it. */
export const RIC_INSTALL_HINT =
  'Install it with `npm i -D aws-lambda-ric` on Linux: its install scripts build a native ' +
  'client and need cmake, make, g++, autoconf, automake, libtool and python3 ' +
  '(apt-get install cmake make g++ autoconf automake libtool python3); pnpm runs them only ' +
  'once allowed (`pnpm approve-builds`). It does not build on macOS or Windows. Or run the ' +
  "handler with `--runtime in-process` (runtime: 'in-process'), which needs nothing else.";

/** The in-process runtime's entry: the TypeScript source in development, dist/ once built. */
function devRuntimeWorkerPath(): string {
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  while (dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readManifestName(manifest) === '@sluice/lambda-dev') {
      return here.endsWith('.ts')
        ? join(dir, 'src', 'in-process-runtime', 'worker.ts')
        : join(dir, 'dist', 'in-process-runtime', 'worker.js');
    }
    dir = dirname(dir);
  }
  throw new DevServerError('WORKER_NOT_FOUND', `Cannot locate the in-process runtime from ${here}`);
}

function readManifestName(path: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}
