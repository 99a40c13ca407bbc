import type { DevLog } from '../log.ts';
import type { ResolvedOptions } from '../options.ts';
import type { SandboxPool } from '../runtime-pool/pool.ts';

/** One local Lambda function: its settings and the runtime pool that runs it. */
export interface DevFunction {
  /** The FunctionName: what ARNs and the Invoke APIs call it. */
  readonly name: string;
  /** Other names the Invoke APIs accept for it (e.g. the template's logical id). */
  readonly aliases: readonly string[];
  /** This function's own settings (handler, timeout, limits, environment). */
  readonly options: ResolvedOptions;
  readonly pool: SandboxPool;
  /** Where its entries go (in template mode, tagged with its logical id). */
  readonly log: DevLog;
}
