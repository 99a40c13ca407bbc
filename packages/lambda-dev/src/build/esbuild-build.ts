import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type BuildResult, context, formatMessages, type Message, type Plugin } from 'esbuild';
import { BuildError } from './errors.ts';
import type { EsbuildPlan } from './esbuild-options.ts';

export interface EsbuildWatch {
  stop(): Promise<void>;
}

async function describe(messages: Message[]): Promise<string> {
  const text = await formatMessages(messages, { kind: 'error', color: false });
  return text.join('').trim();
}

/**
 * Writes a successful build's files ourselves (esbuild runs with `write: false`): a failed
 * rebuild then leaves the last good bundle in place for the runtimes, instead of none.
 */
async function writeOutput(result: BuildResult): Promise<void> {
  for (const file of result.outputFiles ?? []) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.contents);
  }
}

/**
 * Builds once into `options.outdir` (emptied first), throwing `BuildError` on errors; with
 * `onRebuild`, esbuild then watches every file the bundle read and each later build reports
 * its outcome (the errors as text).
 */
export async function watchEsbuild(
  functionId: string,
  plan: EsbuildPlan,
  onRebuild: ((error: string | undefined) => void) | undefined,
): Promise<EsbuildWatch> {
  const outdir = plan.options.outdir as string;
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  let builds = 0;
  let watchBuilt!: () => void;
  // watch() returns before its own first build has read the sources: a change made in that gap
  // would be absorbed by that unreported build. Returning only after it closes the gap.
  const watching = new Promise<void>((resolve) => {
    watchBuilt = resolve;
  });
  const reporter: Plugin = {
    name: 'sluice-lambda-dev-rebuild',
    setup(build) {
      build.onEnd(async (result) => {
        // 1: the first build (its outcome is awaited below); 2: the build watch() starts with.
        builds++;
        if (result.errors.length === 0) await writeOutput(result);
        if (builds === 2) watchBuilt();
        if (builds > 2)
          onRebuild?.(result.errors.length > 0 ? await describe(result.errors) : undefined);
      });
    },
  };
  const ctx = await context({ ...plan.options, write: false, plugins: [reporter] });
  try {
    const result = await ctx.rebuild().catch((err: { errors?: Message[] }) => err);
    if ('errors' in result && result.errors && result.errors.length > 0) {
      throw new BuildError(functionId, `esbuild failed:\n${await describe(result.errors)}`);
    }
    if (onRebuild) {
      await ctx.watch();
      await watching;
    }
  } catch (err) {
    await ctx.dispose();
    throw err;
  }
  if (!onRebuild) await ctx.dispose();
  return { stop: () => ctx.dispose() };
}
