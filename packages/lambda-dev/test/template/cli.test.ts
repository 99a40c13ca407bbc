// `sluice-lambda dev --template`: the flags reach the server, startup prints every route and
// Function URL with its address, and a template that cannot start exits non-zero with the reason.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli/args.ts';

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../test-fixtures/template/', import.meta.url));
const APP = join(FIXTURES, 'app');
const BUILD_DIR = join(APP, '.aws-sam', 'test-cli');

afterAll(() => rm(BUILD_DIR, { recursive: true, force: true }));

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('sluice-lambda dev --template', () => {
  it('maps the template flags', () => {
    expect(
      parseCli([
        'dev',
        '--template',
        't.yaml',
        '--parameter-overrides',
        'A=1 B="two words"',
        '--parameter-overrides',
        'ParameterKey=C,ParameterValue=3',
        '--env-vars',
        'env.json',
        '--strict-env',
        '--no-build',
        '--build-dir',
        'out',
        '--port',
        '0',
        '--watch',
      ]),
    ).toEqual({
      quiet: false,
      options: {
        template: 't.yaml',
        port: 0,
        env: {},
        watch: true,
        parameterOverrides: { A: '1', B: 'two words', C: '3' },
        envVars: 'env.json',
        strictEnv: true,
        build: false,
        buildDir: 'out',
      },
    });
    expect(() => parseCli(['dev', 'app.mjs', '--template', 't.yaml'])).toThrow(
      /either <handler-file> or --template/,
    );
    expect(() => parseCli(['dev', '--template', 't.yaml', '--timeout', '3'])).toThrow(
      /--timeout do not apply/,
    );
  });

  it('prints every route and Function URL, warns of what is unset, serves, stops on SIGINT', async () => {
    const cli = run([
      'dev',
      '--template',
      join(APP, 'template.yaml'),
      '--parameter-overrides',
      'Target=cli',
      '--build-dir',
      BUILD_DIR,
      '--port',
      '0',
      '--quiet',
    ]);
    const started = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/Function URL EchoFunction: \S+/.test(cli.output().stdout)) {
          clearInterval(timer);
          resolve(cli.output().stdout);
        }
      }, 20);
      void cli.exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`CLI exited (${code}): ${JSON.stringify(cli.output())}`));
      });
    });
    const base = /Lambda dev server: (http:\/\/\S+) \(template /.exec(started)?.[1];
    expect(base).toBeDefined();
    expect(started).toContain(
      `REST ServerlessRestApi: GET ${base}/Prod/items/{id} -> ItemsFunction (buffered)`,
    );
    expect(started).toContain(
      `HTTP API ServerlessHttpApi: ANY ${base}/{proxy+} -> EchoFunction (buffered)`,
    );
    expect(started).toMatch(
      /Invoke APIs: http:\/\/127\.0\.0\.1:\d+ \(functions: ItemsFunction, echo-fn\)/,
    );
    const functionUrl = /Function URL EchoFunction: (\S+) \(BUFFERED\)/.exec(started)?.[1] ?? '';
    const response = await fetch(`${functionUrl}x`);
    const { env } = JSON.parse(await response.text());
    expect(env.TARGET).toBe('cli');
    // Without --env-vars the bucket does not resolve: one warning line, the variable unset.
    expect(env).not.toHaveProperty('BUCKET');
    expect(cli.output().stderr).toContain(
      'WARN [EchoFunction] Environment variable BUCKET of EchoFunction is not set: Ref Bucket ' +
        'names a AWS::S3::Bucket, which the dev server does not create. Set it with --env-vars',
    );
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(/\[EchoFunction\] GET \/x 200 /);
  });

  it('exits 1 with the reason when the template cannot start', async () => {
    const cli = run([
      'dev',
      '--template',
      join(FIXTURES, 'non-node', 'template.yaml'),
      '--port',
      '0',
    ]);
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toContain(
      'UNSUPPORTED_TEMPLATE: PythonFunction: runtime "python3.13" is not supported',
    );
  });
});
