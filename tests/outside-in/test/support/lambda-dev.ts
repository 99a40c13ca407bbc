// The installed `sluice-lambda dev` (from the @sluice/lambda-dev tarball) serving a bundle, as
// the adapter-lambda README runs it; the port and environment are added to its command line.
import { realpath, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { NpmProject } from './npm-project.ts';
import type { Background } from './run.ts';
import { ROOT } from './workspace.ts';

export interface RunningDevServer {
  url: string;
  /** The runtime the banner names: `ric` unless the server fell back to `in-process`. */
  runtime: string;
  process: Background;
}

/**
 * aws-lambda-ric compiles a native addon (and curl) on install, minutes on this box: the
 * project gets a link to the workspace's already built copy, the same package a user installs.
 * Link it after the last `npm install`, which would prune a package it does not know.
 */
export async function linkBuiltRic(project: NpmProject): Promise<void> {
  const built = await realpath(join(ROOT, 'packages/lambda-dev/node_modules/aws-lambda-ric'));
  await symlink(built, join(project.dir, 'node_modules/aws-lambda-ric'), 'dir');
}

/**
 * `readmeLine` is the README's `npx sluice-lambda dev <file>` line; it runs through the
 * project's node_modules/.bin (what npx resolves to), so that stopping it stops the server.
 */
export async function startDevServer(
  project: NpmProject,
  readmeLine: string,
  extraArgs: string[],
  env: Record<string, string>,
): Promise<RunningDevServer> {
  const words = readmeLine.replace(/#.*$/, '').replace(/&\s*$/, '').trim().split(/\s+/);
  if (words[0] !== 'npx' || words[1] !== 'sluice-lambda') {
    throw new Error(`not an \`npx sluice-lambda\` line: ${readmeLine}`);
  }
  const bin = join(project.dir, 'node_modules/.bin/sluice-lambda');
  const envArgs = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const server = project.start(bin, [...words.slice(2), ...extraArgs, ...envArgs]);
  try {
    const [, url, runtime] = await server.waitFor(
      /Lambda dev server: (http:\/\/\S+) \(.*runtime ([\w-]+)/,
      60_000,
    );
    return { url: url!, runtime: runtime!, process: server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Reads a response body chunk by chunk, noting when each chunk arrived. */
export async function readTimed(response: Response): Promise<{ text: string; times: number[] }> {
  const decoder = new TextDecoder();
  const times: number[] = [];
  let text = '';
  for await (const chunk of response.body ?? []) {
    times.push(performance.now());
    text += decoder.decode(chunk, { stream: true });
  }
  return { text, times };
}
