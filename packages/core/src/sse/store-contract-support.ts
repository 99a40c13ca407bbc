// Helpers of the framework-free SSEEventStore contract cases.
import type { SSEEventStore, SSEStoredEvent } from './store.ts';

export interface StoreContractCase {
  name: string;
  run: () => Promise<void>;
}

/** The small limits the contract's TTL and eviction cases ask a store for. */
export interface StoreLimits {
  ttlMs: number;
  maxEvents: number;
}

/**
 * Makes the store under test. Called without arguments for most cases (use your defaults);
 * with `limits` for the TTL and eviction cases, which need a store configured with them.
 */
export type StoreFactory = (limits?: StoreLimits) => SSEEventStore | Promise<SSEEventStore>;

export function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`SSEEventStore contract: ${message}`);
}

export function same(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

export const uniqueId = (): string =>
  `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export const event = (seq: number, data = `data ${seq}`, type = 'message'): SSEStoredEvent => ({
  seq,
  event: type,
  data,
});

export const noWait = { limit: 1000, waitMs: 0 };

/** `work`, or a contract failure when it has not settled after `ms` (a hang, not a speed test). */
export async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`SSEEventStore contract: ${what} hung`)), ms);
  });
  try {
    return await Promise.race([work, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` until it holds; fails after `ms`. */
export async function eventually(
  condition: () => Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    check(Date.now() < deadline, `${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
