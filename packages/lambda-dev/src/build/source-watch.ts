import { type FSWatcher, watch } from 'node:fs';
import { relative, sep } from 'node:path';

const DEBOUNCE_MS = 200;
/** Folders whose changes are not the function's source (dependencies, build output, VCS). */
const IGNORED = new Set(['node_modules', '.aws-sam', '.git', '.turbo', 'coverage']);

/**
 * Calls `onChange` once a burst of changes under `root` settles, except in ignored folders and
 * the ones in `skip` (absolute; e.g. where the build writes, so a build does not retrigger itself).
 */
export function watchSource(
  root: string,
  skip: readonly string[],
  onChange: () => void,
): () => void {
  const skipped = skip
    .map((dir) => relative(root, dir))
    .filter((dir) => dir !== '' && !dir.startsWith('..'));
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(root, { recursive: true }, (_event, file) => {
      if (file !== null && isIgnored(String(file), skipped)) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, DEBOUNCE_MS);
    });
  } catch {
    return () => {}; // the folder is gone; nothing to watch
  }
  watcher.on('error', () => {
    // The folder vanished; nothing left to watch.
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

function isIgnored(file: string, skipped: readonly string[]): boolean {
  const parts = file.split(sep);
  if (parts.some((part) => IGNORED.has(part))) return true;
  return skipped.some((dir) => file === dir || file.startsWith(`${dir}${sep}`));
}
