import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DevServerError } from '../errors.ts';
import type { DevFunction } from '../functions/dev-function.ts';
import type { DevLog } from '../log.ts';
import { type ResolvedOptions, resolveOptions } from '../options.ts';
import { SandboxPool } from '../runtime-pool/pool.ts';
import { checkRuntime, type StartupRuntime } from '../runtime-pool/startup-check.ts';
import type { DevTemplateOptions } from '../types.ts';
import { TemplateError } from './errors.ts';
import type { TemplateFunction } from './model.ts';

/** The extensions aws-lambda-ric tries for a handler module, in its order. */
const EXTENSIONS = ['.js', '.mjs', '.cjs'];

/**
 * `Handler` split as the runtime splits it: the module path (directories kept) before the first
 * dot of the last segment, the export (possibly nested, `a.b`) after it.
 */
export function splitHandler(handler: string): { modulePath: string; exportName: string } {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  return { modulePath: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/** The handler's module file in `codeRoot`; a problem message when there is none. */
export function findHandlerFile(fn: TemplateFunction, codeRoot: string): string {
  const { modulePath } = splitHandler(fn.handler);
  if (fn.handler.includes('..')) {
    throw new TemplateError('HANDLER_NOT_FOUND', [
      `${fn.logicalId}: Handler "${fn.handler}" may not contain ".."`,
    ]);
  }
  for (const ext of EXTENSIONS) {
    const file = join(codeRoot, modulePath + ext);
    if (existsSync(file)) return file;
  }
  throw new TemplateError('HANDLER_NOT_FOUND', [
    `${fn.logicalId}: Handler ${fn.handler} needs ${modulePath}.js, .mjs or .cjs in ${codeRoot}` +
      (fn.build.method === 'none' ? '' : ' (the build did not write it)'),
  ]);
}

/** One function's dev-server settings: the template's Timeout, MemorySize and variables. */
export function templateFunctionOptions(
  fn: TemplateFunction,
  codeRoot: string,
  env: Record<string, string>,
  input: DevTemplateOptions,
): ResolvedOptions {
  const { modulePath, exportName } = splitHandler(fn.handler);
  const options = namedFor(fn, () =>
    resolveOptions({
      handler: findHandlerFile(fn, codeRoot),
      export: exportName,
      mode: 'url',
      runtime: input.runtime,
      port: 0,
      hostname: input.hostname,
      timeoutSec: fn.timeoutSec,
      initTimeoutSec: input.initTimeoutSec,
      concurrency: input.concurrency,
      maxRuntimes: input.maxRuntimes,
      limits: input.limits,
      bandwidth: input.bandwidth,
      env: {
        ...env,
        ...input.env,
        AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      },
      watch: false,
      onLog: input.onLog,
      logCapacity: input.logCapacity,
      functionName: fn.functionName,
    }),
  );
  // The runtime resolves `_HANDLER` (directories included) from the code root, as on Lambda.
  return { ...options, taskRoot: codeRoot, moduleName: modulePath, memorySizeMb: fn.memoryMb };
}

/** A setting the dev server refuses (Timeout over 900, a FunctionName Lambda would not take), named. */
function namedFor<T>(fn: TemplateFunction, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof DevServerError && !(err instanceof TemplateError)) {
      throw new TemplateError('INVALID_FUNCTION', [`${fn.logicalId}: ${err.message}`]);
    }
    throw err;
  }
}

/**
 * The function with its runtime pool, its runtime checked as a single handler's is (startup-check):
 * a runtime left to the default that aws-lambda-ric cannot serve falls back to in-process with a
 * `warn` entry; one asked for fails startup with its own code, the function named.
 */
export async function createTemplateFunction(
  fn: TemplateFunction,
  resolved: ResolvedOptions,
  input: DevTemplateOptions,
  log: DevLog,
): Promise<DevFunction> {
  let checked: StartupRuntime;
  try {
    checked = await checkRuntime(resolved, input.runtime !== undefined);
  } catch (err) {
    throw namedError(fn, err);
  }
  if (checked.fallback) log.event({ level: 'warn', message: checked.fallback });
  const { options } = checked;
  return {
    name: fn.functionName,
    aliases: fn.functionName === fn.logicalId ? [] : [fn.logicalId],
    options,
    pool: new SandboxPool(options, log),
    log,
  };
}

/** A dev server error about one function, its code kept and the function named. */
export function namedError(fn: TemplateFunction, err: unknown): unknown {
  if (!(err instanceof DevServerError) || err instanceof TemplateError) return err;
  return new TemplateError(err.code, [`${fn.logicalId}: ${err.message}`]);
}
