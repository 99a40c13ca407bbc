import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevServer } from '../../src/types.ts';
import { INVOKE_APP } from './clients.ts';

const run = promisify(execFile);

// Debian's AWS CLI v2 (scripts/system-deps.sh installs `awscli`). Called by path: a pip AWS CLI
// v1 may come first on PATH, and v1 rejects --cli-binary-format. AWS_CLI_V2 overrides the path.
const AWS = process.env.AWS_CLI_V2 ?? '/usr/bin/aws';

function cliVersion(): string | undefined {
  try {
    return execFileSync(AWS, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, AWS_PAGER: '' },
    });
  } catch {
    return undefined;
  }
}

const version = cliVersion();
const isV2 = version?.startsWith('aws-cli/2.') ?? false;
if (!isV2) {
  const why = `AWS CLI v2 not found at ${AWS} (got: ${version?.trim() ?? 'nothing'}); run scripts/system-deps.sh`;
  if (process.env.CI === 'true') throw new Error(why);
  console.warn(`skipping the AWS CLI tests: ${why}`);
}

let server: DevServer;
let dir: string;

beforeAll(async () => {
  if (!isV2) return;
  dir = await mkdtemp(join(tmpdir(), 'sluice-aws-cli-'));
  server = await startDevServer({
    handler: INVOKE_APP,
    export: 'buffered',
    functionName: 'cli-fn',
    port: 0,
    runtime: 'ric',
  });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `aws lambda invoke ... out.json`: the CLI's stdout, exit code and the outfile. */
async function invoke(args: string[]) {
  const outfile = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir, // no user config or credentials files
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
  };
  const argv = ['lambda', 'invoke', '--endpoint-url', server.url, ...args, outfile];
  try {
    const { stdout } = await run(AWS, argv, { env });
    return {
      code: 0,
      stdout: JSON.parse(stdout),
      stderr: '',
      out: await readFile(outfile, 'utf8'),
    };
  } catch (err) {
    const failure = err as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr, out: '' };
  }
}

describe.skipIf(!isV2)('aws lambda invoke (AWS CLI v2)', () => {
  it('invokes with a JSON payload and writes the result to the outfile', async () => {
    const result = await invoke([
      '--function-name',
      'cli-fn',
      '--cli-binary-format',
      'raw-in-base64-out',
      '--payload',
      '{"a":1}',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(result.out)).toMatchObject({ event: { a: 1 }, functionName: 'cli-fn' });
  });

  it('prints FunctionError and LogResult for a failing function with --log-type Tail', async () => {
    const result = await invoke([
      '--function-name',
      'arn:aws:lambda:us-east-1:123456789012:function:cli-fn',
      '--cli-binary-format',
      'raw-in-base64-out',
      '--log-type',
      'Tail',
      '--payload',
      '{"action":"fail","tag":"cli"}',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.StatusCode).toBe(200);
    expect(result.stdout.FunctionError).toBe('Unhandled');
    const log = Buffer.from(result.stdout.LogResult, 'base64').toString('utf8');
    expect(log).toMatch(/^START RequestId: [\w-]+ Version: \$LATEST/);
    expect(JSON.parse(result.out)).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'bad thing cli',
    });
  });

  it('answers Event with 202 and an unknown function with ResourceNotFoundException', async () => {
    const event = await invoke(['--function-name', 'cli-fn', '--invocation-type', 'Event']);
    expect(event.code).toBe(0);
    expect(event.stdout).toEqual({ StatusCode: 202 });

    const missing = await invoke(['--function-name', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(
      'An error occurred (ResourceNotFoundException) when calling the Invoke operation: ' +
        'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope',
    );
  });
});
