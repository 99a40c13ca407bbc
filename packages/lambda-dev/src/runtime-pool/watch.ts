import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { watchProblem } from '../build/watch-problem.ts';

const DEBOUNCE_MS = 100;

/**
 * Calls `onChange` after the handler file changes. Watches the directory, not the file: build
 * tools often replace the file (write + rename), which ends a watch on the file itself. A watch
 * that fails or stops is reported to `onProblem`, naming the directory.
 */
export function watchHandlerFile(
  file: string,
  onChange: () => void,
  onProblem: (message: string) => void,
): () => void {
  const name = basename(file);
  const dir = dirname(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, DEBOUNCE_MS);
    });
  } catch (error) {
    onProblem(watchProblem(dir, error));
    return () => {};
  }
  watcher.on('error', (error) => {
    watcher.close();
    onProblem(watchProblem(dir, error));
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
