/** A paced endless source that records whether it started, how far it ran and whether it stopped. */
export function trackedSource() {
  const run = { started: false, yielded: 0, stopped: false };
  async function* source() {
    run.started = true;
    try {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        yield `token ${++run.yielded}`;
      }
    } finally {
      run.stopped = true;
    }
  }
  return { run, source: source() };
}
