// One clock for every process of a benchmark: CLOCK_MONOTONIC (process.hrtime) is system-wide
// on Linux, so a server, a Lambda runtime and a client can compare stamps directly.

/** Microseconds on the machine's monotonic clock. */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
