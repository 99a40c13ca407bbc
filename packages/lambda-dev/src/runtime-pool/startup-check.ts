// What must hold before the dev server says it is ready: the handler file exists, the runtime
// can run it, and the first runtime could load the module and find its export. Each failure
// stops startup with an error that names the path and says what to do, instead of a server
// whose every request answers 502.
import { existsSync } from 'node:fs';
import { DevServerError, type FunctionError } from '../errors.ts';
import type { ResolvedOptions } from '../options.ts';
import { ricProblem } from './ric-check.ts';
import type { Sandbox } from './sandbox.ts';

export interface StartupRuntime {
  options: ResolvedOptions;
  /** Set when the default runtime (ric) could not run the handler and in-process runs it. */
  fallback?: string;
}

/**
 * The options to start with. `runtimeChosen`: the caller asked for `options.runtime`; a runtime
 * left to the default (ric) that cannot run the handler falls back to in-process, with a reason.
 */
export async function checkRuntime(
  options: ResolvedOptions,
  runtimeChosen: boolean,
): Promise<StartupRuntime> {
  if (!existsSync(options.handlerFile)) {
    throw new DevServerError('HANDLER_NOT_FOUND', `Handler file not found: ${options.handlerFile}`);
  }
  if (options.runtime !== 'ric') return { options };
  const problem = await ricProblem(options);
  if (!problem) return { options };
  if (runtimeChosen) throw problem;
  return {
    options: { ...options, runtime: 'in-process' },
    fallback:
      `Running the in-process runtime: the default runtime, aws-lambda-ric, cannot run this ` +
      `handler (${problem.code}: ${problem.message})`,
  };
}

/** Init errors that mean the module or its export cannot be loaded at all. */
const LOAD_FAILURES = new Set([
  'Runtime.ImportModuleError',
  'Runtime.HandlerNotFound',
  'Runtime.UserCodeSyntaxError',
  'Runtime.MalformedHandlerName',
  'Runtime.NativeClientLoading',
]);

/**
 * Waits for the first runtime's init, at most the init timeout (a slow or stuck init is the
 * function's business and goes on in the background). The error to stop startup with when
 * the handler cannot be loaded; undefined otherwise, other init errors included (they answer
 * 502 per request, as on Lambda).
 */
export async function handlerLoadFailure(
  sandbox: Sandbox,
  options: ResolvedOptions,
): Promise<DevServerError | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, options.initTimeoutMs, undefined);
  });
  const error: FunctionError | undefined = await Promise.race([sandbox.initDone, gaveUp]);
  clearTimeout(timer);
  if (!error || !LOAD_FAILURES.has(error.errorType)) return undefined;
  return new DevServerError(
    'HANDLER_NOT_LOADABLE',
    `Cannot load export "${options.exportName}" of ${options.handlerFile}: ` +
      `${error.errorType}: ${error.errorMessage}`,
  );
}
