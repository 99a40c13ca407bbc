import { format } from 'node:util';

let currentRequestId = '-';

export function setCurrentRequestId(id: string | undefined): void {
  currentRequestId = id ?? '-';
}

/** `console.*` in Lambda's text format: `time<TAB>requestId<TAB>LEVEL<TAB>message`, one line each. */
export function patchConsole(): void {
  const levels = {
    trace: 'TRACE',
    debug: 'DEBUG',
    info: 'INFO',
    warn: 'WARN',
    error: 'ERROR',
  } as const;
  for (const [method, level] of Object.entries(levels)) {
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const line = [new Date().toISOString(), currentRequestId, level, format(...args)].join('\t');
      process.stdout.write(`${line.replace(/\n/g, '\r')}\n`);
    };
  }
  console.log = console.info;
}
