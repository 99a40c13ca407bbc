// Runs a README's checked samples in an npm project: `file` blocks are written first, `run`
// blocks must exit 0, `serve` blocks must answer HTTP on the port given in PORT.
import { createServer } from 'node:net';
import type { NpmProject } from './npm-project.ts';
import type { CheckedBlock } from './readme-blocks.ts';

/** Writes the README's `file` blocks into the project. */
export async function writeReadmeFiles(project: NpmProject, blocks: CheckedBlock[]): Promise<void> {
  for (const block of blocks.filter((b) => b.kind === 'file')) {
    await project.write(fileArg(block), block.code);
  }
}

export async function runSample(
  project: NpmProject,
  block: CheckedBlock,
  env: Record<string, string>,
): Promise<void> {
  const file = fileArg(block);
  await project.write(file, block.code);
  if (block.kind === 'run') {
    await project.node([file], 90_000).catch((error: Error) => {
      throw new Error(`README sample ${block.where} (node ${file}) failed:\n${error.message}`);
    });
    return;
  }
  if (block.kind !== 'serve') throw new Error(`${block.where}: ${block.kind} is not a sample`);
  const [, path = '/', status] = block.args;
  const port = await freePort();
  const server = project.start(process.execPath, [file], { ...env, PORT: String(port) });
  try {
    const answered = await firstAnswer(`http://127.0.0.1:${port}${path}`, 30_000);
    if (status && answered !== Number(status)) {
      throw new Error(`answered ${answered}, the README promises ${status}`);
    }
  } catch (error) {
    const output = `--- stdout ---\n${server.output.stdout}\n--- stderr ---\n${server.output.stderr}`;
    throw new Error(
      `README sample ${block.where} (node ${file}, PORT=${port}, GET ${path}): ${(error as Error).message}\n${output}`,
    );
  } finally {
    await server.stop();
  }
}

function fileArg(block: CheckedBlock): string {
  const file = block.args[0];
  if (!file) throw new Error(`${block.where}: "check: ${block.kind}" needs a file name`);
  return file;
}

/** Polls `url` until it answers (headers and a first body chunk); returns the status. */
async function firstAnswer(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const controller = new AbortController();
    try {
      const response = await fetch(url, {
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(10_000)]),
      });
      await response.body?.getReader().read(); // a first chunk (an SSE stream never ends)
      controller.abort();
      return response.status;
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`no answer within ${timeoutMs} ms (last error: ${String(last)})`);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}
