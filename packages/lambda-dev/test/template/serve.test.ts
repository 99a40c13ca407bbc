// A template with two functions served by one dev server under the real aws-lambda-ric: REST
// routes under /Prod (v1 events: resource, pathParameters, stage), HTTP API routes at the root
// (v2 events: routeKey), a Function URL of its own origin, the Invoke API by FunctionName or
// logical id; environment variables from defaults, overrides and env.json (one that does not
// resolve left unset with a warning, or refused with strictEnv); an esbuild build with External
// and Banner; what cannot start says why at startup.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import { TemplateError, TemplateSyntaxError } from '../../src/template/errors.ts';
import type { DevEventLog } from '../../src/types.ts';
import { logFor } from '../support.ts';
import { APP, useAppTemplate } from './app-template.ts';

const FIXTURES = fileURLToPath(new URL('../../test-fixtures/template/', import.meta.url));

const served = useAppTemplate('test-serve', {
  parameterOverrides: { Target: 'overridden' },
  envVars: join(APP, 'env.json'),
});

async function getJson(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith('{') ? JSON.parse(text) : text,
    response,
  };
}

const echoUrl = () =>
  served.server.template?.functions.find((fn) => fn.logicalId === 'EchoFunction')?.functionUrl ??
  '';

describe('a two-function template', () => {
  it('lists every route and Function URL with its address', () => {
    const info = served.server.template!;
    expect(info.routes.map((r) => `${r.kind} ${r.method} ${r.url} -> ${r.functionId}`)).toEqual([
      `rest GET ${served.server.url}/Prod/items/{id} -> ItemsFunction`,
      `rest ANY ${served.server.url}/Prod/{proxy+} -> EchoFunction`,
      `http GET ${served.server.url}/items/{id} -> ItemsFunction`,
      `http ANY ${served.server.url}/{proxy+} -> EchoFunction`,
    ]);
    expect(info.functions.map((fn) => [fn.logicalId, fn.functionName, fn.invokeMode])).toEqual([
      ['ItemsFunction', 'ItemsFunction', undefined],
      ['EchoFunction', 'echo-fn', 'BUFFERED'],
    ]);
    expect(echoUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(new URL(echoUrl()).port).not.toBe(new URL(served.server.url).port);
  });

  it('serves a REST route with its path parameter, stage and MemorySize (esbuild-built, hono external)', async () => {
    const { status, body } = await getJson(`${served.server.url}/Prod/items/42`);
    expect(status).toBe(200);
    expect(body).toEqual({
      fn: 'items',
      id: '42',
      version: '1.0',
      route: '/items/{id}',
      stage: 'Prod',
      memory: '256',
      memoryEnv: '256',
      hono: 'function',
      sep: '/',
      greeting: 'hello',
      echoUrl: echoUrl(),
    });
  });

  it('serves the HTTP API route as a 2.0 event with its routeKey', async () => {
    const { body } = await getJson(`${served.server.url}/items/7`);
    expect(body).toMatchObject({
      fn: 'items',
      id: '7',
      version: '2.0',
      route: 'GET /items/{id}',
      stage: '$default',
    });
  });

  it('sends everything else to the {proxy+} routes, with the environment resolved', async () => {
    const rest = await getJson(`${served.server.url}/Prod/a/b%20c?q=1`, {
      method: 'POST',
      body: 'x',
    });
    expect(rest.body).toEqual({
      fn: 'echo',
      functionName: 'echo-fn',
      version: '1.0',
      route: '/{proxy+}',
      path: '/a/b c',
      contextPath: '/Prod/a/b c',
      stage: 'Prod',
      pathParameters: { proxy: 'a/b c' },
      method: 'POST',
      domainName: new URL(served.server.url).host,
      host: new URL(served.server.url).host,
      env: {
        GREETING: 'hello', // Parameters default
        TARGET: 'overridden', // --parameter-overrides
        PLACE: 'us-east-1/hello', // !Sub with a pseudo parameter
        BUCKET: 'bucket-from-env-json', // env.json, the function's own section
        ITEMS_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:ItemsFunction',
      },
    });
    // The same function, read per front door: REST takes multiValueHeaders, 2.0 does not.
    expect(rest.response.headers.get('x-multi')).toBe('a, b');
    const http = await getJson(`${served.server.url}/x/y`, { method: 'DELETE' });
    expect(http.response.headers.get('x-multi')).toBeNull();
    expect(http.body).toMatchObject({
      version: '2.0',
      route: 'ANY /{proxy+}',
      rawPath: '/x/y',
      pathParameters: { proxy: 'x/y' },
      method: 'DELETE',
    });
  });

  it('answers what API Gateway answers where no route matches', async () => {
    const rest = await getJson(`${served.server.url}/Prod`);
    expect(rest.status).toBe(403);
    expect(rest.body).toEqual({ message: 'Missing Authentication Token' });
    const http = await getJson(`${served.server.url}/`);
    expect(http.status).toBe(404);
    expect(http.body).toEqual({ message: 'Not Found' });
  });

  it('serves the Function URL on its own origin, and the Invoke API by name or logical id', async () => {
    const url = await getJson(`${echoUrl()}hello?x=1`);
    expect(url.body).toMatchObject({
      version: '2.0',
      route: '$default',
      rawPath: '/hello',
      stage: '$default',
    });
    for (const name of ['echo-fn', 'EchoFunction']) {
      const invoked = await getJson(
        `${served.server.url}/2015-03-31/functions/${name}/invocations`,
        {
          method: 'POST',
          body: JSON.stringify({ requestContext: { stage: 'direct' } }),
        },
      );
      expect(invoked.status).toBe(200);
      expect(JSON.parse(invoked.body.body)).toMatchObject({ fn: 'echo', stage: 'direct' });
    }
  });

  it('tags every log entry with its function', async () => {
    const { response } = await getJson(`${served.server.url}/Prod/items/1`);
    const entry = await logFor(served.server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({
      functionName: 'ItemsFunction',
      path: '/Prod/items/1',
      status: 200,
    });
  });
});

describe('templates that cannot start', () => {
  it('names the function whose runtime is not Node.js', async () => {
    const error = await startDevServer({
      template: join(FIXTURES, 'non-node', 'template.yaml'),
      port: 0,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.code).toBe('UNSUPPORTED_TEMPLATE');
    expect(error.message).toBe(
      'PythonFunction: runtime "python3.13" is not supported; the dev server runs nodejs* functions only',
    );
  });

  it('gives the line and column of a YAML syntax error', async () => {
    const file = join(FIXTURES, 'bad-yaml', 'template.yaml.txt');
    const error = await startDevServer({ template: file, port: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect([error.line, error.column]).toEqual([6, 1]);
    expect(error.message).toMatch(new RegExp(`^${file}:6:1 BAD_INDENT`));
  });

  it('names the function whose handler file is missing or whose Timeout Lambda refuses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lambda-dev-refused-'));
    try {
      const template = (timeout: number) =>
        `Resources:\n  Slow:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: nodejs24.x, CodeUri: ., Handler: lib/app.handler, Timeout: ${timeout} }\n`;
      await writeFile(join(dir, 'template.yaml'), template(1000));
      const missing = await startDevServer({ template: join(dir, 'template.yaml'), port: 0 }).catch(
        (e) => e,
      );
      expect(missing.code).toBe('HANDLER_NOT_FOUND');
      expect(missing.message).toBe(
        `Slow: Handler lib/app.handler needs lib/app.js, .mjs or .cjs in ${dir}`,
      );
      await mkdir(join(dir, 'lib'));
      await writeFile(join(dir, 'lib', 'app.mjs'), 'export const handler = () => 1;\n');
      const refused = await startDevServer({ template: join(dir, 'template.yaml'), port: 0 }).catch(
        (e) => e,
      );
      expect(refused.code).toBe('INVALID_FUNCTION');
      expect(refused.message).toBe('Slow: timeoutSec must be in (0, 900], got 1000');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses, with strictEnv, each environment variable that does not resolve, per function', async () => {
    const error = await startDevServer({
      template: join(APP, 'template.yaml'),
      port: 0,
      inheritShellEnv: false,
      strictEnv: true,
      buildDir: join(APP, '.aws-sam', 'test-unresolved'),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.code).toBe('UNRESOLVED_ENVIRONMENT');
    expect(error.problems).toEqual([
      'EchoFunction: environment variable BUCKET: Ref Bucket names a AWS::S3::Bucket, which the dev server does not create (set it in the --env-vars file under "EchoFunction")',
    ]);
  });
});

describe('an environment variable that does not resolve, by default', () => {
  const unset = useAppTemplate('test-lenient');

  it('is reported once at startup, naming function, variable, reason and how to set it', () => {
    const warnings = unset.server.logs.filter(
      (entry): entry is DevEventLog => entry.kind === 'event' && entry.level === 'warn',
    );
    expect(warnings.map((entry) => [entry.functionName, entry.message])).toEqual([
      [
        'EchoFunction',
        'Environment variable BUCKET of EchoFunction is not set: Ref Bucket names a ' +
          'AWS::S3::Bucket, which the dev server does not create. Set it with --env-vars ' +
          '(env.json: {"EchoFunction": {"BUCKET": "..."}}) or in the shell (BUCKET=...).',
      ],
    ]);
  });

  it('is left unset, not set to an empty string, while the rest is served', async () => {
    const url = unset.server.template?.functions.find((fn) => fn.logicalId === 'EchoFunction');
    const { status, body } = await getJson(`${url?.functionUrl}env`);
    expect(status).toBe(200);
    expect(body.env.GREETING).toBe('hello');
    expect(Object.keys(body.env)).not.toContain('BUCKET');
  });
});
