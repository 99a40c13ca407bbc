/**
 * The warning for a watch that failed or stopped (ENOSPC when inotify runs out of watches,
 * EMFILE, EACCES...): which path no longer triggers a reload, and why.
 */
export function watchProblem(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code ?? (error instanceof Error ? error.message : String(error));
  const hint =
    code === 'ENOSPC'
      ? ' (the inotify watch limit is reached: raise fs.inotify.max_user_watches)'
      : '';
  return `Watching ${path} failed: ${why}${hint}. Changes there no longer reload the function.`;
}
