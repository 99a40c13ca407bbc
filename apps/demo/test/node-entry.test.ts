// src/node.ts as `npm start` runs it: its own process, so its memory can be read from /proc
// while it streams 200 MB, and SIGTERM can be sent mid-answer.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readSSE, SSEServerError } from '@sluice/core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const demoRoot = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess;
let url: string;
let exited: Promise<number | null>;

beforeAll(async () => {
  child = spawn(process.execPath, ['--conditions=@sluice/source', 'src/node.ts'], {
    cwd: demoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_REQUESTS: '0',
      LOCAL_TOKEN_DELAY_MS: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /sluice demo on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', () => reject(new Error(`node.ts exited:\n${output}`)));
  });
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

/** Runs src/node.ts with `env` until it exits by itself: its exit code and stderr. */
function runUntilExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const run = spawn(process.execPath, ['--conditions=@sluice/source', 'src/node.ts'], {
    cwd: demoRoot,
    env: { ...process.env, LOG_REQUESTS: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  run.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => run.once('exit', (code) => resolve({ code, stderr })));
}

/** Peak resident memory of the server process so far, in MiB. */
async function peakRssMiB(): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

describe('the Node entry (src/node.ts)', () => {
  it('a wrong setting or a busy port: one line naming it, exit code 1, no stack trace', async () => {
    const [badUrl, badPort, busy] = await Promise.all([
      runUntilExit({ LLM_BASE_URL: 'ftp://models.example' }),
      runUntilExit({ PORT: 'http' }),
      runUntilExit({ PORT: new URL(url).port }),
    ]);
    expect(badUrl).toEqual({
      code: 1,
      stderr: 'sluice demo: LLM_BASE_URL must use http or https, got "ftp:"\n',
    });
    expect(badPort).toEqual({
      code: 1,
      stderr: 'sluice demo: PORT must be a port number (0-65535), got "http"\n',
    });
    expect(busy).toEqual({
      code: 1,
      stderr: `sluice demo: port ${new URL(url).port} is in use; set PORT to another one\n`,
    });
  });

  it('streams a 200 MB download with flat memory', async () => {
    // Warm up: the heap settles at its working size (V8 collects lazily) after tens of MB.
    await (await request(`${url}/api/download?mb=50`)).body.dump({ limit: 60 * 1024 * 1024 });
    const before = await peakRssMiB();
    const response = await request(`${url}/api/download?mb=200`);
    let bytes = 0;
    for await (const chunk of response.body) bytes += (chunk as Buffer).length;
    const growth = (await peakRssMiB()) - before;
    expect(bytes).toBe(200 * 1024 * 1024);
    // Four times more data than the warm-up, no more memory; buffering would add 200 MB.
    expect(growth).toBeLessThan(48);
  });

  it('on SIGTERM ends streams in flight with an aborted end event, then exits 0', async () => {
    const response = await fetch(`${url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a long answer please' }),
    });
    const events = readSSE(response);
    await events.next(); // the answer has started
    child.kill('SIGTERM');
    let failure: unknown;
    try {
      for await (const _ of events) {
        // drain until the end event
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SSEServerError);
    expect((failure as SSEServerError).status).toBe('aborted');
    expect(await exited).toBe(0);
  });
});
