// Runs benchmark servers in child processes (one per measurement, so no variant can change
// another's globals) and measures them from the parent.

import type { ChildProcess } from 'node:child_process';
import { execFileSync, fork, spawn } from 'node:child_process';

export interface ServerStats {
  requests: number;
  cpuMicros: number;
  rss: number;
  peakRss: number;
  heapUsed: number;
}

export interface BenchServer {
  url: string;
  send<T>(message: object | string): Promise<T>;
  stop(): Promise<void>;
}

const here = (path: string) => new URL(path, import.meta.url);

/** Forks `bench/_lib/<script>` with `args`; it must `process.send({ port })` once listening. */
export async function startServer(
  script: string,
  args: string[],
  execArgv: string[] = [],
): Promise<BenchServer> {
  const child = fork(here(script), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  const { port } = await nextMessage<{ port: number }>(child);
  return {
    url: `http://127.0.0.1:${port}`,
    async send<T>(message: object | string) {
      const reply = nextMessage<T>(child);
      child.send(message);
      return reply;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench child exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

function hasWrk(): boolean {
  try {
    execFileSync('which', ['wrk'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const loadGenerator = hasWrk() ? 'wrk' : 'undici (bench/_lib/load.ts)';

/** Requests/s against `url` from a separate process: wrk when installed, else undici. */
export function measureRps(url: string, durationMs: number, connections: number): Promise<number> {
  const [command, args] = hasWrk()
    ? ['wrk', ['-t1', `-c${connections}`, `-d${Math.round(durationMs / 1000)}s`, url]]
    : [process.execPath, [here('load.ts').pathname, url, String(durationMs), String(connections)]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args as string[], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', () => {
      const rps = Number(/Requests\/sec:\s*([\d.]+)/.exec(output)?.[1] ?? JSON.parse(output).rps);
      if (Number.isFinite(rps)) resolve(rps);
      else reject(new Error(`load generator printed: ${output}`));
    });
  });
}
