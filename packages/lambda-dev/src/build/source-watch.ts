import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { watchProblem } from './watch-problem.ts';

const DEBOUNCE_MS = 200;
/** Folders whose changes are not the function's source (dependencies, build output, VCS). */
const IGNORED = new Set(['node_modules', '.aws-sam', '.git', '.turbo', 'coverage']);

/**
 * Calls `onChange` once a burst of changes under `root` settles, except in ignored folders and
 * the ones in `skip` (absolute; e.g. where the build writes, so a build does not retrigger itself).
 * `root` itself is watched flat and each top-level folder that is not ignored recursively, so
 * node_modules and .git never cost a watch each of their folders (on Linux a recursive watch
 * adds one per folder, and running out of them is ENOSPC). A watch that fails is reported to
 * `onProblem`, naming its path; the others keep working.
 */
export function watchSource(
  root: string,
  skip: readonly string[],
  onChange: () => void,
  onProblem: (message: string) => void,
): () => void {
  const skipped = skip
    .map((dir) => relative(root, dir))
    .filter((dir) => dir !== '' && !dir.startsWith('..'));
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  };

  const add = (path: string, recursive: boolean, onEvent: (file: string | null) => void): void => {
    if (stopped || watchers.has(path)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(path, { recursive }, (_event, file) =>
        onEvent(file === null ? null : String(file)),
      );
    } catch (error) {
      if (!isGone(error)) onProblem(watchProblem(path, error));
      return;
    }
    watchers.set(path, watcher);
    watcher.on('error', (error) => {
      watcher.close();
      watchers.delete(path);
      if (!isGone(error)) onProblem(watchProblem(path, error));
    });
  };

  const addFolder = (name: string): void => {
    if (IGNORED.has(name) || isSkipped(name, skipped) || !isFolder(join(root, name))) return;
    add(join(root, name), true, (file) => {
      if (file === null || !isIgnored(join(name, file), skipped)) changed();
    });
  };

  add(resolve(root), false, (name) => {
    if (name !== null && (IGNORED.has(name) || isSkipped(name, skipped))) return;
    if (name !== null) {
      const path = join(root, name);
      const existing = watchers.get(path);
      if (existing && !isFolder(path)) {
        existing.close(); // the folder went away
        watchers.delete(path);
      } else addFolder(name); // a folder created since the start
    }
    changed();
  });
  for (const name of topLevelNames(root)) addFolder(name);

  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

function topLevelNames(root: string): string[] {
  try {
    return readdirSync(root);
  } catch {
    return []; // the folder is gone; nothing to watch
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isGone(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function isSkipped(file: string, skipped: readonly string[]): boolean {
  return skipped.some((dir) => file === dir || file.startsWith(`${dir}${sep}`));
}

function isIgnored(file: string, skipped: readonly string[]): boolean {
  return file.split(sep).some((part) => IGNORED.has(part)) || isSkipped(file, skipped);
}
