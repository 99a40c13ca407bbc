// Template mode starts only when every function can serve, by single-handler mode's own checks
// (runtime-pool/startup-check.ts): an export that cannot be loaded stops startup naming the
// function and the path; an aws-lambda-ric that cannot run a function falls back to in-process
// with a warning when the runtime was left to the default, and stops startup when asked for.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevEventLog } from '../../src/types.ts';
import { brokenRic, writeFiles } from '../support.ts';

const HANDLER = `export const handler = awslambda.streamifyResponse(async (event, rs) => {
  rs = awslambda.HttpResponseStream.from(rs, { statusCode: 200, headers: {} });
  rs.write('served');
  rs.end();
});\n`;

/** One function behind a RESPONSE_STREAM Function URL, `Handler: app.<exportName>`. */
const template = (exportName: string) => `Resources:
  Ticker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs24.x
      CodeUri: .
      Handler: app.${exportName}
      FunctionUrlConfig: { AuthType: NONE, InvokeMode: RESPONSE_STREAM }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-template-startup-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A project folder with `files`; resolves to its template.yaml. */
async function project(name: string, files: Record<string, string>): Promise<string> {
  return join(await writeFiles(join(dir, name), files), 'template.yaml');
}

describe('template mode refuses to start', () => {
  it('a handler export that does not exist, naming function, export and path', async () => {
    const file = await project('no-export', {
      'template.yaml': template('nope'),
      'app.mjs': HANDLER,
    });
    const started = startDevServer({ template: file, port: 0, runtime: 'ric' });
    await expect(started).rejects.toMatchObject({
      code: 'HANDLER_NOT_LOADABLE',
      message:
        `Ticker: Cannot load export "nope" of ${join(dir, 'no-export', 'app.mjs')}: ` +
        'Runtime.HandlerNotFound: app.nope is undefined or not exported',
    });
  });

  it('an unusable aws-lambda-ric asked for, naming the function', async () => {
    const file = await project('ric-asked', {
      'template.yaml': template('handler'),
      'app.mjs': HANDLER,
      ...brokenRic(),
    });
    const started = startDevServer({ template: file, port: 0, runtime: 'ric' });
    await expect(started).rejects.toMatchObject({
      code: 'RIC_UNAVAILABLE',
      message: expect.stringMatching(/^Ticker: aws-lambda-ric is installed .*never built/),
    });
  });
});

describe('an unusable aws-lambda-ric, runtime left to the default', () => {
  it('runs the function in-process, with a warning naming it', async () => {
    const file = await project('ric-default', {
      'template.yaml': template('handler'),
      'app.mjs': HANDLER,
      ...brokenRic(),
    });
    const server = await startDevServer({ template: file, port: 0 });
    try {
      const [ticker] = server.template?.functions ?? [];
      expect(ticker?.runtime).toBe('in-process');
      const response = await fetch(ticker?.functionUrl ?? '');
      expect(await response.text()).toBe('served');
      const warning = server.logs.find(
        (entry): entry is DevEventLog => entry.kind === 'event' && entry.level === 'warn',
      );
      expect(warning?.functionName).toBe('Ticker');
      expect(warning?.message).toMatch(
        /^Running the in-process runtime: .*\(RIC_UNAVAILABLE: .*never built/,
      );
    } finally {
      await server.close();
    }
  });
});
