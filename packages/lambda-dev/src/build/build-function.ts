import { join } from 'node:path';
import type { TemplateFunction } from '../template/model.ts';
import { watchEsbuild } from './esbuild-build.ts';
import { esbuildPlan } from './esbuild-options.ts';
import { runMake } from './make-build.ts';
import { watchSource } from './source-watch.ts';

export interface BuildContext {
  /** Where each function's artifacts go (`<buildDir>/<LogicalId>`). */
  buildDir: string;
  /** `--no-build`: serve CodeUri as it is. */
  skip: boolean;
  watch: boolean;
  /** A later build (watch mode) succeeded: the function should load the new code. */
  onRebuilt(fn: TemplateFunction): void;
  /** A later build failed: the previous code keeps serving. */
  onRebuildFailed(fn: TemplateFunction, message: string): void;
  /** Watch mode: a source folder can no longer be watched (the message names it). */
  onWatchProblem(fn: TemplateFunction, message: string): void;
  /** A line of build output (make's stdout/stderr). */
  onOutput(fn: TemplateFunction, line: string): void;
}

export interface BuiltFunction {
  /** The folder the Handler resolves in (the artifacts, or CodeUri itself). */
  codeRoot: string;
  /** Variables the build adds (Sourcemap: true adds --enable-source-maps to NODE_OPTIONS). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Builds one function as `sam build` would (on start, and on change in watch mode). */
export async function buildFunction(
  fn: TemplateFunction,
  ctx: BuildContext,
): Promise<BuiltFunction> {
  const artifacts = join(ctx.buildDir, fn.logicalId);
  if (ctx.skip || fn.build.method === 'none') {
    const stop = ctx.watch
      ? watchSource(
          fn.codeUri,
          [ctx.buildDir],
          () => ctx.onRebuilt(fn),
          (message) => ctx.onWatchProblem(fn, message),
        )
      : undefined;
    return { codeRoot: fn.codeUri, env: {}, stop: async () => stop?.() };
  }
  if (fn.build.method === 'esbuild') {
    const plan = esbuildPlan(fn.logicalId, fn.handler, fn.codeUri, artifacts, fn.build.properties);
    const watcher = await watchEsbuild(
      fn.logicalId,
      plan,
      ctx.watch
        ? (error) => (error ? ctx.onRebuildFailed(fn, error) : ctx.onRebuilt(fn))
        : undefined,
    );
    return {
      codeRoot: artifacts,
      env: plan.enableSourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {},
      stop: () => watcher.stop(),
    };
  }
  const make = () => runMake(fn.logicalId, fn.codeUri, artifacts, (line) => ctx.onOutput(fn, line));
  await make();
  let running: Promise<void> = Promise.resolve();
  const stop = ctx.watch
    ? watchSource(
        fn.codeUri,
        [ctx.buildDir],
        () => {
          running = running.then(() =>
            make().then(
              () => ctx.onRebuilt(fn),
              (err: Error) => ctx.onRebuildFailed(fn, err.message),
            ),
          );
        },
        (message) => ctx.onWatchProblem(fn, message),
      )
    : undefined;
  return {
    codeRoot: artifacts,
    env: {},
    stop: async () => {
      stop?.();
      await running;
    },
  };
}
