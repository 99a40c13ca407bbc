// Child processes for the outside-in test: a command that must succeed (its failure message
// carries the command, folder, exit status and the end of its output), and a long-running one
// (a server) whose output can be waited on.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

const tail = (text: string, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n');

export function describeFailure(what: string, status: string, result: RunResult): string {
  return (
    `${what} ${status}\n--- stdout (end) ---\n${tail(result.stdout)}` +
    `\n--- stderr (end) ---\n${tail(result.stderr)}`
  );
}

/** Runs `command args` to completion; rejects on a non-zero exit or after `timeoutMs`. */
export async function run(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<RunResult> {
  const { timeoutMs = 180_000 } = options;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = collect(child);
  const what = `\`${[command, ...args].join(' ')}\` (in ${options.cwd})`;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`cannot run ${what}: ${error.message}`)));
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  }).finally(() => clearTimeout(timer));
  if (code === 0) return result;
  const status = signal ? `was killed (${signal}; timeout ${timeoutMs} ms?)` : `exited ${code}`;
  throw new Error(describeFailure(what, status, result));
}

/** `sh -c line`: for commands copied from a README as they are written. */
export function runShell(line: string, options: RunOptions): Promise<RunResult> {
  return run('sh', ['-c', line], options);
}

export interface Background {
  readonly output: RunResult;
  /** Resolves with the first match of `pattern` in stdout or stderr. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL after 5 s; resolves with the exit code (null when killed). */
  stop(): Promise<number | null>;
}

export function start(command: string, args: string[], options: RunOptions): Background {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  child.once('error', (error) => {
    output.stderr += `\ncannot start: ${error.message}`;
  });
  const closed = once(child, 'close').then(([code]) => code as number | null);
  const what = `\`${[command, ...args].join(' ')}\` (in ${options.cwd})`;
  return {
    output,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output.stdout) ?? pattern.exec(output.stderr);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(describeFailure(what, `ended before printing ${pattern}`, output));
        }
        if (Date.now() > deadline) {
          throw new Error(
            describeFailure(what, `printed no ${pattern} in ${timeoutMs} ms`, output),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await closed;
      clearTimeout(timer);
      return code;
    },
  };
}

function collect(child: ChildProcess): RunResult {
  const result = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    result.stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    result.stderr += chunk;
  });
  return result;
}
