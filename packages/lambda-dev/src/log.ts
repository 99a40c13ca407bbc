import type { DevEventLog, DevLogEntry, DevRequestLog, DevRuntimeOutputLog } from './types.ts';

type Without<T> = Omit<T, 'kind' | 'time'>;

/** Keeps the most recent entries and forwards each to the caller's callback. */
export class DevLog {
  readonly entries: DevLogEntry[];
  readonly #capacity: number;
  readonly #onLog: ((entry: DevLogEntry) => void) | undefined;
  readonly #functionName: string | undefined;

  constructor(
    capacity: number,
    onLog?: (entry: DevLogEntry) => void,
    functionName?: string,
    entries: DevLogEntry[] = [],
  ) {
    this.#capacity = capacity;
    this.#onLog = onLog;
    this.#functionName = functionName;
    this.entries = entries;
  }

  /** The same log (entries, callback), each entry tagged with one function's name. */
  forFunction(name: string): DevLog {
    return new DevLog(this.#capacity, this.#onLog, name, this.entries);
  }

  request(entry: Without<DevRequestLog>): void {
    this.#push({ kind: 'request', time: Date.now(), ...entry });
  }

  event(entry: Without<DevEventLog>): void {
    this.#push({ kind: 'event', time: Date.now(), ...entry });
  }

  output(entry: Without<DevRuntimeOutputLog>): void {
    this.#push({ kind: 'runtime', time: Date.now(), ...entry });
  }

  #push(entry: DevLogEntry): void {
    if (this.#functionName !== undefined) entry.functionName ??= this.#functionName;
    this.entries.push(entry);
    if (this.entries.length > this.#capacity)
      this.entries.splice(0, this.entries.length - this.#capacity);
    try {
      this.#onLog?.(entry);
    } catch {
      // A throwing log callback must not break request handling.
    }
  }
}

/** One human-readable line per entry (what the CLI prints). */
export function formatLogEntry(entry: DevLogEntry): string {
  const fn = entry.functionName === undefined ? '' : `${entry.functionName} `;
  if (entry.kind === 'runtime') return `[${fn}rt${entry.runtimeId}] ${entry.line}`;
  if (entry.kind === 'event') {
    const where =
      entry.runtimeId === undefined
        ? fn === ''
          ? ''
          : ` [${entry.functionName}]`
        : ` [${fn}rt${entry.runtimeId}]`;
    return `${entry.level.toUpperCase()}${where} ${entry.message}`;
  }
  const ttfb = entry.ttfbMs === null ? '-' : `${entry.ttfbMs}ms`;
  const err = entry.errorType ? ` ${entry.errorType}: ${entry.errorMessage ?? ''}` : '';
  return (
    `${fn === '' ? '' : `[${entry.functionName}] `}` +
    `${entry.method} ${entry.path} ${entry.status} ${entry.bytes}B ` +
    `ttfb=${ttfb} ${entry.durationMs}ms ${entry.outcome}${err}`
  );
}
