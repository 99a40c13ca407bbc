import { RedisStoreError } from './errors.ts';

/**
 * Rejects with RedisStoreError when `work` takes longer than `ms`. node-redis only times out
 * commands still waiting to be written; a server that stops answering would hang us forever.
 * `onTimeout` lets the caller drop the connection the late reply would arrive on.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new RedisStoreError(`Redis event store: ${what} timed out after ${ms} ms`));
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
