import { HEARTBEAT_FRAME } from './wire.ts';

const HEARTBEAT_BYTES = new TextEncoder().encode(HEARTBEAT_FRAME);

/**
 * Calls `onIdle` whenever `intervalMs` pass without `touch()`, with no timer work per event.
 * It starts paused; `wake()` runs it, and `onIdle` returning false pauses it again.
 */
export class IdleHeartbeat {
  private lastActivity = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private paused = true;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly onIdle: () => boolean;

  constructor(intervalMs: number, onIdle: () => boolean) {
    this.intervalMs = intervalMs;
    this.onIdle = onIdle;
  }

  /** Something was sent. */
  touch(): void {
    this.lastActivity = Date.now();
  }

  wake(): void {
    if (!this.paused || this.stopped || this.intervalMs <= 0) return;
    this.paused = false;
    this.arm(this.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.check(), delayMs);
  }

  private check(): void {
    const idleMs = Date.now() - this.lastActivity;
    if (idleMs < this.intervalMs) {
      this.arm(this.intervalMs - idleMs);
    } else if (this.onIdle()) {
      this.lastActivity = Date.now();
      this.arm(this.intervalMs);
    } else {
      this.paused = true;
    }
  }
}

/**
 * A heartbeat for a pull-based response body (highWaterMark 0): `: keep-alive` only while a
 * read is waiting for data. `pull()` must call `wake()`; a body nobody reads keeps no timer.
 */
export function bodyHeartbeat(
  intervalMs: number,
  body: () => ReadableStreamDefaultController<Uint8Array>,
  readerWaiting: () => boolean,
): IdleHeartbeat {
  return new IdleHeartbeat(intervalMs, () => {
    const controller = body();
    if (!readerWaiting() || (controller.desiredSize ?? -1) < 0) return false;
    controller.enqueue(HEARTBEAT_BYTES.slice());
    return true;
  });
}
