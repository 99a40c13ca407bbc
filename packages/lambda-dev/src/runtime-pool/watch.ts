import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

const DEBOUNCE_MS = 100;

/**
 * Calls `onChange` after the handler file changes. Watches the directory, not the file: build
 * tools often replace the file (write + rename), which ends a watch on the file itself.
 */
export function watchHandlerFile(file: string, onChange: () => void): () => void {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  });
  watcher.on('error', () => {
    // The directory vanished; nothing left to watch.
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
