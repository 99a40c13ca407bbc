// The functions the Invoke API bench serves. The same function answers the Function URL (an
// HTTP event: parameters in queryStringParameters) and the Invoke APIs (the payload itself).
/* global awslambda */

const micros = () => Number(process.hrtime.bigint() / 1000n); // CLOCK_MONOTONIC, machine-wide
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `n` lines, one per `ms`, each stamped with the time it was written. */
export const ticks = awslambda.streamifyResponse(async (event, rs) => {
  const params = event.queryStringParameters ?? event;
  const n = Number(params.n ?? 100);
  const every = Number(params.ms ?? 1);
  for (let i = 0; i < n; i++) {
    rs.write(`${micros()}\n`);
    await sleep(every);
  }
  rs.end();
});

/** A small buffered result: what per-invoke overhead is measured on. */
export const small = async () => ({ ok: true });
