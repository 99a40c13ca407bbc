import type { Logger } from './log.ts';

/** Hono's typing of the demo app's context. */
export interface AppEnv {
  Variables: { requestId: string; log: Logger };
}
