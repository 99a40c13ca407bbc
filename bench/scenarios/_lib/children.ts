// Starts the scenario's servers and clients as child processes (so the load generator never
// shares an event loop with the server it measures) and talks to them over IPC.
import { type ChildProcess, execFile, fork } from 'node:child_process';
import { promisify } from 'node:util';

export interface ServerChild {
  url: string;
  /** Sends `message`, resolves with the child's next reply. */
  ask<T>(message: string): Promise<T>;
  stop(): Promise<void>;
}

const here = (file: string) => new URL(file, import.meta.url);

function nextMessage<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${what} exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

/** Forks `server.ts <kind> <app>` and waits until it listens. */
export async function startServer(kind: string, app: string): Promise<ServerChild> {
  const child = fork(here('./server.ts'), [kind, app], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url } = await nextMessage<{ url: string }>(child, `server ${kind} ${app}`);
  return {
    url,
    ask<T>(message: string) {
      const reply = nextMessage<T>(child, `server ${kind} ${app}`);
      child.send(message);
      return reply;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a client script to its end; resolves with the one result it sends over IPC. */
export async function runClient<T>(script: string, args: string[]): Promise<T> {
  const child = fork(here(script), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = await nextMessage<T>(child, `client ${script}`);
  await new Promise((resolve) =>
    child.exitCode === null ? child.once('exit', resolve) : resolve(0),
  );
  return result;
}

const run = promisify(execFile);

/** Downloads `url` with curl (a separate process, body discarded); bytes and seconds. */
export async function curlDownload(url: string): Promise<{ bytes: number; seconds: number }> {
  const { stdout } = await run('curl', [
    '-sS',
    '--fail',
    '-o',
    '/dev/null',
    '-w',
    '%{size_download} %{time_total}',
    url,
  ]);
  const [bytes = 0, seconds = 0] = stdout.trim().split(' ').map(Number);
  return { bytes, seconds };
}
