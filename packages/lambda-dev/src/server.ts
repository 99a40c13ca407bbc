import { createFrontDoor } from './front-door/front-door.ts';
import { FunctionRegistry } from './functions/registry.ts';
import { createInvokeApi } from './invoke-api/invoke-api.ts';
import { mountInvokeApi } from './invoke-api/mount.ts';
import { closeServer, listen } from './listen.ts';
import { DevLog } from './log.ts';
import { resolveOptions } from './options.ts';
import { SandboxPool } from './runtime-pool/pool.ts';
import { checkRuntime, handlerLoadFailure } from './runtime-pool/startup-check.ts';
import { watchHandlerFile } from './runtime-pool/watch.ts';
import { startTemplateServer } from './template/serve-template.ts';
import type { DevServer, DevServerOptions, DevTemplateOptions } from './types.ts';

/**
 * Starts a local Lambda: a Runtime API emulator, a pool of runtime processes running the
 * handler (AWS's aws-lambda-ric, or our in-process loop), and a Function URL / REST front door.
 * The same port serves Lambda's Invoke APIs (`/2015-03-31/functions/...`,
 * `/2021-11-15/functions/...`; those two prefixes never reach the front door).
 * With `template`, it serves every function of a SAM template instead (see DevTemplateOptions).
 */
export async function startDevServer(
  input: DevServerOptions | DevTemplateOptions,
): Promise<DevServer> {
  if ('template' in input) return startTemplateServer(input);
  // Fail now, not per request: a missing file, or a runtime that cannot run it.
  const { options, fallback } = await checkRuntime(
    resolveOptions(input),
    input.runtime !== undefined,
  );
  const log = new DevLog(options.logCapacity, options.onLog);
  if (fallback) log.event({ level: 'warn', message: fallback });
  const pool = new SandboxPool(options, log);
  const registry = new FunctionRegistry();
  registry.add({
    name: options.functionName,
    aliases: options.functionName === options.moduleName ? [] : [options.moduleName],
    options,
    pool,
    log,
  });
  let closing = false;
  const runtimeApiUrl = await pool.api.listen();
  const frontDoor = createFrontDoor({ options, pool, log, isClosing: () => closing });
  mountInvokeApi(frontDoor, createInvokeApi({ registry, log, isClosing: () => closing }));
  let url: string;
  try {
    url = await listen(frontDoor, options.port, options.hostname);
  } catch (err) {
    await registry.close();
    throw err;
  }
  const first = pool.warm();
  const loadFailure = first && (await handlerLoadFailure(first, options));
  if (loadFailure) {
    closing = true;
    await registry.close();
    await closeServer(frontDoor);
    throw loadFailure;
  }
  const stopWatching = options.watch
    ? watchHandlerFile(
        options.handlerFile,
        () => pool.reload(),
        (message) => log.event({ level: 'warn', message }),
      )
    : undefined;

  let closed: Promise<void> | undefined;
  return {
    url,
    runtimeApiUrl,
    runtime: options.runtime,
    logs: log.entries,
    stats: () => pool.stats(),
    reload: () => pool.reload(),
    close() {
      closed ??= (async () => {
        closing = true;
        stopWatching?.();
        const frontClosed = new Promise<void>((resolve) => frontDoor.close(() => resolve()));
        await registry.close();
        frontDoor.closeAllConnections();
        await frontClosed;
      })();
      return closed;
    },
  };
}
