// The app's third argument, shaped like a Workers ExecutionContext (Hono: `c.executionCtx`).
// Lambda freezes the environment once the handler's promise settles, so work handed to
// `waitUntil` (e.g. a store-backed sse() producer whose client left) only keeps running if the
// handler waits for it: `finishBackgroundTasks` is that wait, bounded by the deadline.

import type { BackgroundTasks, ExecutionContextLike } from '@sluice/core';
import { type ContextWithDeadline, msUntilDeadline } from './deadline.ts';

/** `c.executionCtx` on Lambda: its `waitUntil` tasks keep the invocation alive. */
export type LambdaExecutionContext = ExecutionContextLike;

/**
 * Waits for the invocation's `waitUntil` tasks, at most until `marginMs` before it times out
 * (as `request.signal` does); tasks still running then are left behind, with a warning.
 */
export async function finishBackgroundTasks(
  tasks: BackgroundTasks,
  context: ContextWithDeadline | undefined,
  marginMs: number,
): Promise<void> {
  if (tasks.pending === 0) return;
  const left = await tasks.settle(msUntilDeadline(context, marginMs));
  if (left > 0) {
    console.warn(
      `[sluice] ${left} waitUntil task(s) still running close to the invocation's timeout; ` +
        'the handler returns now so Lambda does not time out. Lambda freezes them until this ' +
        'environment gets its next invocation, if ever.',
    );
  }
}
