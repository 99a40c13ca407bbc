import { describe, expect, it } from 'vitest';
import { BackgroundTasks } from './background-tasks.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('BackgroundTasks', () => {
  it('settles at once without tasks and counts the ones left at the limit', async () => {
    const tasks = new BackgroundTasks();
    expect(await tasks.settle(0)).toBe(0);
    const done = deferred();
    tasks.context.waitUntil(done.promise);
    tasks.context.waitUntil(new Promise(() => {}));
    done.resolve();
    expect(await tasks.settle(30)).toBe(1);
    expect(tasks.pending).toBe(1);
  });

  it('takes a promise as the limit, and waits for tasks added while it waits', async () => {
    const tasks = new BackgroundTasks();
    const first = deferred();
    const second = deferred();
    tasks.context.waitUntil(first.promise);
    const settled = tasks.settle(new Promise(() => {}));
    tasks.context.waitUntil(second.promise);
    first.resolve();
    await Promise.resolve();
    second.resolve();
    expect(await settled).toBe(0);
    const stop = deferred();
    tasks.context.waitUntil(new Promise(() => {}));
    const cut = tasks.settle(stop.promise);
    stop.resolve();
    expect(await cut).toBe(1);
  });

  it('logs a rejected task instead of throwing, and counts it as settled', async () => {
    const tasks = new BackgroundTasks();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      tasks.context.waitUntil(Promise.reject(new Error('boom')));
      expect(await tasks.settle(1000)).toBe(0);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});
