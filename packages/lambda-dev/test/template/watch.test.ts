// Watch mode in template mode: a change to an esbuild-built function's source rebuilds it and
// restarts its runtimes, so the next request runs the new code; a broken edit keeps the last
// good build serving and says why.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevEventLog, DevServer } from '../../src/types.ts';
import { eventually } from '../support.ts';

const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        Format: esm
        OutExtension: [.js=.mjs]
    Properties:
      Runtime: nodejs24.x
      CodeUri: .
      Handler: hello.handler
      FunctionUrlConfig:
        AuthType: NONE
`;

const source = (word: string) =>
  `export const handler = async () => ({ statusCode: 200, body: ${JSON.stringify(word)} });\n`;

let dir: string;
let server: DevServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lambda-dev-watch-'));
  await writeFile(join(dir, 'template.yaml'), TEMPLATE);
  await writeFile(join(dir, 'hello.ts'), source('first'));
  server = await startDevServer({
    template: join(dir, 'template.yaml'),
    port: 0,
    runtime: 'ric',
    watch: true,
  });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const functionUrl = () => server.template?.functions[0]?.functionUrl ?? '';
const text = async () => (await fetch(functionUrl())).text();

describe('template watch mode', () => {
  it('rebuilds and reloads on a source change; a broken edit keeps the last build', async () => {
    expect(await text()).toBe('first');
    await writeFile(join(dir, 'hello.ts'), source('second'));
    await eventually(async () => (await text()) === 'second', 'the rebuilt handler', 20_000);
    await writeFile(join(dir, 'hello.ts'), 'export const handler = ( =>;\n');
    const failure = await eventually(
      () =>
        server.logs.find(
          (entry): entry is DevEventLog =>
            entry.kind === 'event' && entry.message.startsWith('Build failed'),
        ),
      'the build failure',
      20_000,
    );
    expect(failure).toMatchObject({ level: 'error', functionName: 'Hello' });
    expect(failure.message).toMatch(/hello\.ts:1/);
    expect(await text()).toBe('second');
  });
});
