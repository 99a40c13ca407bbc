import type { Server } from 'node:http';
import { createFrontDoor } from './front-door/front-door.ts';
import { DevLog } from './log.ts';
import { resolveOptions } from './options.ts';
import { SandboxPool } from './runtime-pool/pool.ts';
import { locateRic } from './runtime-pool/runtime-process.ts';
import { watchHandlerFile } from './runtime-pool/watch.ts';
import type { DevServer, DevServerOptions } from './types.ts';

/**
 * Starts a local Lambda: a Runtime API emulator, a pool of runtime processes running the
 * handler (AWS's aws-lambda-ric, or our in-process loop), and a Function URL / REST front door.
 */
export async function startDevServer(input: DevServerOptions): Promise<DevServer> {
  const options = resolveOptions(input);
  if (options.runtime === 'ric') locateRic(options.taskRoot); // fail now, not per request
  const log = new DevLog(options.logCapacity, options.onLog);
  const pool = new SandboxPool(options, log);
  let closing = false;
  const runtimeApiUrl = await pool.api.listen();
  const frontDoor = createFrontDoor({ options, pool, log, isClosing: () => closing });
  let url: string;
  try {
    url = await listen(frontDoor, options.port, options.hostname);
  } catch (err) {
    await pool.close();
    throw err;
  }
  pool.warm();
  const stopWatching = options.watch
    ? watchHandlerFile(options.handlerFile, () => pool.reload())
    : undefined;

  let closed: Promise<void> | undefined;
  return {
    url,
    runtimeApiUrl,
    logs: log.entries,
    stats: () => pool.stats(),
    reload: () => pool.reload(),
    close() {
      closed ??= (async () => {
        closing = true;
        stopWatching?.();
        const frontClosed = new Promise<void>((resolve) => frontDoor.close(() => resolve()));
        await pool.close();
        frontDoor.closeAllConnections();
        await frontClosed;
      })();
      return closed;
    },
  };
}

function listen(server: Server, port: number, hostname: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const address = server.address() as { port: number };
      const host = hostname.includes(':') ? `[${hostname}]` : hostname;
      resolve(`http://${host}:${address.port}`);
    });
  });
}
