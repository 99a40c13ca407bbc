// The app's third argument on Node (Hono: `c.executionCtx`) is core's BackgroundTasks context.
// The process keeps running after a response anyway, so its tasks only matter at shutdown,
// which waits for them (bounded by the shutdown timeout) and says what it cut. One context
// serves every request: the tasks are the listener's, not a request's.
import type { ExecutionContextLike } from '@sluice/core';

/** `c.executionCtx` on Node: shutdown waits for its `waitUntil` tasks. */
export type NodeExecutionContext = ExecutionContextLike;
