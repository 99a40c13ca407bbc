// Whether aws-lambda-ric can run this handler, asked before any runtime starts: a missing
// package, a native client that was never built (macOS, Windows, a blocked install script) or
// a handler it cannot load would otherwise fail every request with a 502.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { DevServerError } from '../errors.ts';
import type { ResolvedOptions } from '../options.ts';
import { locateRic, RIC_INSTALL_HINT } from './runtime-process.ts';

/** aws-lambda-ric imports `<module>`, `.js`, `.mjs` or `.cjs`: never TypeScript. */
const RIC_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
const loadChecks = new Map<string, Promise<string | undefined>>();

/** Why aws-lambda-ric cannot run `options.handlerFile`; undefined when it can. */
export async function ricProblem(options: ResolvedOptions): Promise<DevServerError | undefined> {
  const ext = extname(options.handlerFile);
  if (!RIC_EXTENSIONS.has(ext)) {
    return new DevServerError(
      'UNSUPPORTED_HANDLER_TYPE',
      `runtime "ric" cannot load ${options.handlerFile}: aws-lambda-ric loads .js, .mjs and ` +
        `.cjs handlers only, as Lambda does. Bundle it first (e.g. npx esbuild ${ext === '.ts' ? 'handler.ts' : `handler${ext}`} ` +
        '--bundle --platform=node --format=esm --outfile=dist/handler.mjs) or run it with ' +
        "`--runtime in-process`, which loads TypeScript through Node's type stripping.",
    );
  }
  let entry: string;
  try {
    entry = locateRic(options.taskRoot);
  } catch (error) {
    return error as DevServerError;
  }
  const addon = join(dirname(entry), 'rapid-client.node');
  const failure = existsSync(addon) ? await loadFailure(addon) : 'it was never built';
  if (failure === undefined) return undefined;
  return new DevServerError(
    'RIC_UNAVAILABLE',
    `aws-lambda-ric is installed (${dirname(entry)}) but its native client ` +
      `rapid-client.node cannot be used: ${failure}. ${RIC_INSTALL_HINT}`,
  );
}

/** Loads the addon in a throwaway process (a broken addon may crash whoever loads it). */
function loadFailure(addon: string): Promise<string | undefined> {
  let check = loadChecks.get(addon);
  if (!check) {
    check = new Promise((resolve) => {
      execFile(
        process.execPath,
        ['-e', 'require(process.argv[1])', addon],
        // The addon reads the Runtime API address when it loads (and aborts without one); it
        // connects only when asked to, so an address nothing listens on is enough.
        { timeout: 30_000, env: { ...process.env, AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9' } },
        (error, _stdout, stderr) => {
          if (!error) return resolve(undefined);
          const why = /Error: (.*)|what\(\): (.*)/.exec(stderr);
          resolve(`loading it fails (${(why?.[1] ?? why?.[2] ?? error.message).trim()})`);
        },
      );
    });
    loadChecks.set(addon, check);
  }
  return check;
}
