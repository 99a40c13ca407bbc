// Starts a throwaway redis-server on a free loopback port (no persistence) for tests and benches.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  /** Kills the server (SIGKILL): clients see their connections drop. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** One command over a fresh connection (inline protocol), e.g. `['XLEN', key]`. */
  command(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

const binary = process.env.REDIS_SERVER ?? 'redis-server';
const running = new Set<ChildProcess>();
// A failed test must not leave servers behind: kill them when this process exits.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startRedisServer(extraArgs: string[] = []): Promise<RedisServer> {
  let port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-redis-'));
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
    args.push('--save', '', '--appendonly', 'no', '--protected-mode', 'no', ...extraArgs);
    const spawned = spawn(binary, args, { stdio: 'ignore' });
    child = spawned;
    running.add(spawned);
    // A plain listener, not events.once: that one would also reject on a spawn 'error'.
    const exited = new Promise<'exited'>((resolve) => {
      spawned.once('exit', () => {
        running.delete(spawned);
        resolve('exited');
      });
    });
    const failed = once(spawned, 'error').then(([error]) => {
      throw new Error(`Cannot start ${binary} (install redis-server or set REDIS_SERVER)`, {
        cause: error,
      });
    });
    // A server that could not bind exits; whatever answers on the port then is not ours.
    if ((await Promise.race([waitForPong(port), failed, exited])) === 'exited') {
      throw new PortTakenError(port);
    }
    const info = await sendInline(port, ['INFO', 'server']);
    if (Number(/process_id:(\d+)/.exec(info)?.[1]) !== spawned.pid) throw new PortTakenError(port);
  };
  const kill = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = once(current, 'exit');
    current.kill('SIGKILL');
    await exited;
  };

  // The free port can be taken between our check and redis-server's bind: pick another.
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      break;
    } catch (error) {
      await kill();
      if (!(error instanceof PortTakenError) || attempt === 5) throw error;
      port = await freePort();
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: async () => {
      await kill();
      await start();
    },
    command: (command) => sendInline(port, command),
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

class PortTakenError extends Error {
  constructor(port: number) {
    super(`port ${port} is taken by another process; redis-server could not bind it`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForPong(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await sendInline(port, ['PING'])) === 'PONG') return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

/** Sends one RESP command; returns a simple, integer or (ASCII) bulk reply as a string. */
function sendInline(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const encoded = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('');
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`*${args.length}\r\n${encoded}`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const end = reply.indexOf('\r\n');
      if (end < 0) return;
      const [type, head] = [reply[0], reply.slice(1, end)];
      if (type === '$' && Number(head) >= 0 && reply.length < end + 2 + Number(head)) return;
      socket.destroy();
      if (type === '-') reject(new Error(head));
      else resolve(type === '$' ? reply.slice(end + 2, end + 2 + Math.max(0, Number(head))) : head);
    });
    socket.on('error', reject);
  });
}
