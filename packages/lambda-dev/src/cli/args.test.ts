import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_FIXTURE } from '../../test/support.ts';
import { parseCli } from './args.ts';

describe('sluice-lambda arguments', () => {
  it('maps every flag to a dev server option', () => {
    const parsed = parseCli([
      'dev',
      'dist/app.mjs',
      '--export',
      'main',
      '--function-name',
      'orders',
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--mode',
      'rest',
      '--runtime',
      'in-process',
      '--timeout',
      '2.5',
      '--concurrency',
      '2',
      '--max-runtimes',
      '4',
      '--bandwidth',
      '--watch',
      '--env',
      'A=1',
      '--env',
      'B=x=y',
    ]);
    expect(parsed).toEqual({
      quiet: false,
      options: {
        handler: 'dist/app.mjs',
        export: 'main',
        functionName: 'orders',
        port: 0,
        hostname: '0.0.0.0',
        mode: 'rest',
        runtime: 'in-process',
        timeoutSec: 2.5,
        concurrency: 2,
        maxRuntimes: 4,
        bandwidth: true,
        watch: true,
        env: { A: '1', B: 'x=y' },
      },
    });
  });

  it('asks for the usage without a command, and rejects bad input', () => {
    expect(parseCli([])).toBeNull();
    expect(parseCli(['--help'])).toBeNull();
    expect(() => parseCli(['serve', 'x.mjs'])).toThrow(/Unknown command/);
    expect(() => parseCli(['dev'])).toThrow(/Missing <handler-file>/);
    expect(() => parseCli(['dev', 'x.mjs', '--port', 'abc'])).toThrow(/--port/);
    expect(() => parseCli(['dev', 'x.mjs', '--env', 'NOEQUALS'])).toThrow(/KEY=VALUE/);
  });

  it('serves a handler from the command line and stops on SIGINT', async () => {
    const cli = fileURLToPath(new URL('./index.ts', import.meta.url));
    const child = spawn(process.execPath, [cli, 'dev', APP_FIXTURE, '--port', '0', '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Lambda dev server: (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`CLI exited (${code}): ${output}`)));
    });
    const response = await fetch(`${url}/hello`);
    expect(await response.text()).toBe('hello\n');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/GET \/hello 200 6B .* ok/);
  });
});
