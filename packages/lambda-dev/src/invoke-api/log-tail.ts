import type { Invocation } from '../runtime-api/invocation.ts';

/** Lambda returns the last 4 KB of the invocation's log. */
const TAIL_BYTES = 4096;

/**
 * `X-Amz-Log-Result` / InvokeComplete `LogResult`: base64 of the tail of the invocation's log,
 * framed by the START / END / REPORT lines Lambda writes. Memory use is not measured locally,
 * so REPORT has no `Max Memory Used`.
 */
export function logTail(
  invocation: Invocation,
  memorySizeMb: number,
  timeoutMessage?: string,
): string {
  const id = invocation.id;
  const durationMs =
    invocation.deliveredAt === undefined
      ? 0
      : (invocation.finishedAt ?? Date.now()) - invocation.deliveredAt;
  const lines = [
    `START RequestId: ${id} Version: $LATEST`,
    ...(invocation.outputLines ?? []),
    ...(timeoutMessage ? [`${new Date().toISOString()} ${id} ${timeoutMessage}`] : []),
    `END RequestId: ${id}`,
    `REPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(2)} ms\t` +
      `Billed Duration: ${Math.max(1, Math.ceil(durationMs))} ms\tMemory Size: ${memorySizeMb} MB` +
      (timeoutMessage ? '\tStatus: timeout' : ''),
  ];
  const log = Buffer.from(`${lines.join('\n')}\n`);
  return log.subarray(Math.max(0, log.length - TAIL_BYTES)).toString('base64');
}
