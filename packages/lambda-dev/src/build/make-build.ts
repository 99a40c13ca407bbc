import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { delimiter, dirname } from 'node:path';
import { BuildError } from './errors.ts';

/** Lines of `make`'s output kept for the error message. */
const TAIL_LINES = 40;

/**
 * `BuildMethod: makefile` as `sam build` runs it with `build_in_source`: `make build-<LogicalId>`
 * in the function's CodeUri, with `ARTIFACTS_DIR` (emptied first) where the target puts the code.
 */
export async function runMake(
  functionId: string,
  codeUri: string,
  artifactsDir: string,
  onOutput: (line: string) => void,
): Promise<void> {
  await rm(artifactsDir, { recursive: true, force: true });
  await mkdir(artifactsDir, { recursive: true });
  const tail: string[] = [];
  const child = spawn('make', [`build-${functionId}`], {
    cwd: codeUri,
    env: {
      ...process.env,
      ARTIFACTS_DIR: artifactsDir,
      // A recipe's `node` is the Node running the dev server (not an older one found first).
      PATH: [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = '';
  const collect = (chunk: Buffer): void => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      onOutput(line);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
  if (pending !== '') tail.push(pending);
  if (exit.error) {
    const missing = (exit.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BuildError(
      functionId,
      missing ? '`make` is not installed (BuildMethod: makefile needs it)' : exit.error.message,
    );
  }
  if (exit.code !== 0) {
    throw new BuildError(
      functionId,
      `make build-${functionId} exited with code ${exit.code} in ${codeUri}:\n${tail.join('\n')}`,
    );
  }
}
