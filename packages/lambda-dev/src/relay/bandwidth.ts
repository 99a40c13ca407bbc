/** Lambda's streaming bandwidth: the first `uncappedBytes` as fast as possible, then a fixed rate. */
export class BandwidthModel {
  readonly #uncappedBytes: number;
  readonly #bytesPerSecond: number;
  #cappedSince: number | undefined;

  constructor(uncappedBytes: number, bytesPerSecond: number) {
    this.#uncappedBytes = uncappedBytes;
    this.#bytesPerSecond = bytesPerSecond;
  }

  /** ms to wait after `totalBytes` have been sent before sending more. */
  delayAfter(totalBytes: number, now = Date.now()): number {
    if (totalBytes <= this.#uncappedBytes) return 0;
    this.#cappedSince ??= now;
    const allowedAt =
      this.#cappedSince + ((totalBytes - this.#uncappedBytes) / this.#bytesPerSecond) * 1000;
    return Math.max(0, Math.ceil(allowedAt - now));
  }
}
