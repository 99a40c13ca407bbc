// API routes of a template: REST `Api` events and OpenAPI integrations, HTTP API events, matched
// as API Gateway does (literal over {variable} over {proxy+}, a method over ANY), each API under
// its stage prefix on the one local origin.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RouteClashError, RouteTable } from '../../src/routes/route-table.ts';
import { parseCfnYaml } from '../../src/template/cfn-yaml.ts';
import { TemplateError } from '../../src/template/errors.ts';
import { templateModel } from '../../src/template/read-template.ts';

const DEMO = fileURLToPath(new URL('../../../../apps/demo/template.yaml', import.meta.url));

/** A buffered integration uri in CloudFormation's `!Sub` form, naming function `id`. */
function invocationsUri(id: string): string {
  const uri =
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's own ${} syntax
    '!Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ID.Arn}/invocations';
  return uri.replace('ID', id);
}

function model(yaml: string) {
  return templateModel(parseCfnYaml(yaml), '/app/template.yaml');
}

function problems(yaml: string): readonly string[] {
  try {
    model(yaml);
  } catch (err) {
    if (err instanceof TemplateError) return err.problems;
    throw err;
  }
  throw new Error('template accepted');
}

const FN = (props: string) => `
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src/
      Handler: app.handler
${props}`;

describe('the demo template', async () => {
  const demo = templateModel(parseCfnYaml(await readFile(DEMO, 'utf8')), DEMO);

  it('has two Node functions built by make, one with a streaming Function URL', () => {
    expect(demo.functions.map((fn) => [fn.logicalId, fn.handler, fn.build.method])).toEqual([
      ['StreamingFunction', 'index.handler', 'makefile'],
      ['BufferedFunction', 'index.bufferedHandler', 'makefile'],
    ]);
    const [streaming, buffered] = demo.functions;
    expect(streaming?.functionUrl).toEqual({ invokeMode: 'RESPONSE_STREAM', authType: 'NONE' });
    expect(buffered?.functionUrl).toBeUndefined();
    expect(streaming).toMatchObject({ memoryMb: 1024, timeoutSec: 300, runtime: 'nodejs24.x' });
    expect(streaming?.codeUri).toBe(
      fileURLToPath(new URL('../../../../apps/demo', import.meta.url)),
    );
    expect(Object.keys(buffered?.environment ?? {})).toContain('OVERFLOW_BUCKET');
    expect(buffered?.environment.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it('streams the REST API under /prod and buffers the HTTP API at the root', () => {
    const summary = demo.routes.map((r) => [
      r.api.logicalId,
      r.api.kind,
      r.api.stage,
      r.method,
      r.path,
      r.functionId,
      r.streaming,
      r.payloadVersion,
    ]);
    expect(summary).toEqual([
      ['StreamingRestApi', 'rest', 'prod', 'ANY', '/', 'StreamingFunction', true, '1.0'],
      ['StreamingRestApi', 'rest', 'prod', 'ANY', '/{proxy+}', 'StreamingFunction', true, '1.0'],
      ['BufferedHttpApi', 'http', '$default', 'ANY', '/', 'BufferedFunction', false, '2.0'],
      ['BufferedHttpApi', 'http', '$default', 'ANY', '/{proxy+}', 'BufferedFunction', false, '2.0'],
    ]);
    const table = new RouteTable(demo.routes);
    const at = (method: string, path: string) => {
      const found = table.match(method, path);
      return found.found
        ? [found.route.api.logicalId, found.route.path, found.rawPath, found.pathParameters]
        : found.kind;
    };
    expect(at('POST', '/prod/api/chat')).toEqual([
      'StreamingRestApi',
      '/{proxy+}',
      '/api/chat',
      { proxy: 'api/chat' },
    ]);
    expect(at('GET', '/prod')).toEqual(['StreamingRestApi', '/', '/', {}]);
    expect(at('GET', '/prod/')).toEqual(['StreamingRestApi', '/', '/', {}]);
    expect(at('GET', '/')).toEqual(['BufferedHttpApi', '/', '/', {}]);
    expect(at('GET', '/production/a%20b')).toEqual([
      'BufferedHttpApi',
      '/{proxy+}',
      '/production/a%20b',
      { proxy: 'production/a b' },
    ]);
  });
});

describe('route matching', () => {
  const table = new RouteTable(
    model(
      FN(`      Events:
        Item: { Type: Api, Properties: { Path: '/items/{id}', Method: get } }
        ItemPut: { Type: Api, Properties: { Path: '/items/{id}', Method: ANY } }
        New: { Type: Api, Properties: { Path: /items/new, Method: GET } }
        Files: { Type: Api, Properties: { Path: '/items/{id}/files/{path+}', Method: GET } }
        Rest: { Type: Api, Properties: { Path: '/{proxy+}', Method: ANY, ResponseTransferMode: STREAM } }
        Http: { Type: HttpApi, Properties: { Path: '/v2/{id}', Method: GET, PayloadFormatVersion: '1.0' } }
        Default: { Type: HttpApi }`),
    ).routes,
  );
  const at = (method: string, path: string) => {
    const found = table.match(method, path);
    return found.found
      ? `${found.route.method} ${found.route.path} ${JSON.stringify(found.pathParameters)}`
      : `miss ${found.kind}`;
  };

  it('prefers literal segments, then variables, then greedy; a method over ANY', () => {
    expect(at('GET', '/Prod/items/new')).toBe('GET /items/new {}');
    expect(at('GET', '/Prod/items/42')).toBe('GET /items/{id} {"id":"42"}');
    expect(at('DELETE', '/Prod/items/42')).toBe('ANY /items/{id} {"id":"42"}');
    expect(at('GET', '/Prod/items/42/files/a/b.txt')).toBe(
      'GET /items/{id}/files/{path+} {"id":"42","path":"a/b.txt"}',
    );
    expect(at('POST', '/Prod/items/42/files/a')).toBe('ANY /{proxy+} {"proxy":"items/42/files/a"}');
    expect(at('GET', '/Prod/items/caf%C3%A9')).toBe('GET /items/{id} {"id":"café"}');
  });

  it("puts SAM's implicit APIs where AWS does: REST under /Prod, the HTTP API's $default at the root", () => {
    expect(at('GET', '/v2/7')).toBe('GET /v2/{id} {"id":"7"}');
    expect(at('POST', '/anything/at/all')).toBe('ANY $default {}');
    expect(at('GET', '/')).toBe('ANY $default {}');
    // A path under a REST stage belongs to that API: {proxy+} needs a segment, so 403 there.
    expect(at('GET', '/Prod')).toBe('miss rest');
    expect(at('GET', '/Prod/items')).toBe('ANY /{proxy+} {"proxy":"items"}');
    const routes = table.routes;
    expect(routes.find((r) => r.path === '/{proxy+}')?.streaming).toBe(true);
    expect(routes.find((r) => r.path === '/items/new')?.streaming).toBe(false);
    expect(routes.find((r) => r.path === '/v2/{id}')?.payloadVersion).toBe('1.0');
  });

  it('refuses two APIs declaring the same route under one prefix', () => {
    const twice = model(`
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, CodeUri: a, Handler: a.handler, Events: { E: { Type: HttpApi, Properties: { Path: /x, Method: GET } } } }
  B:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, CodeUri: b, Handler: b.handler, Events: { E: { Type: HttpApi, Properties: { Path: /x, Method: GET, ApiId: !Ref Other } } } }
  Other:
    Type: AWS::Serverless::HttpApi
`);
    expect(() => new RouteTable(twice.routes)).toThrow(RouteClashError);
    expect(() => new RouteTable(twice.routes)).toThrow(
      /GET \/x is declared by ServerlessHttpApi \(-> A\) and Other \(-> B\)/,
    );
  });
});

describe('what the template reader refuses, all problems at once', () => {
  it('names each function with another runtime, and what else it cannot serve', () => {
    expect(
      problems(`
Resources:
  Py:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.13, CodeUri: ., Handler: app.handler }
  Img:
    Type: AWS::Serverless::Function
    Properties: { PackageType: Image, ImageUri: x }
  Go:
    Type: AWS::Serverless::Function
    Metadata: { BuildMethod: go1.x }
    Properties: { Runtime: nodejs22.x, CodeUri: ., Handler: app.handler }
`),
    ).toEqual([
      'Py: runtime "python3.13" is not supported; the dev server runs nodejs* functions only',
      'Img: a container image is not supported; the dev server runs nodejs* functions only',
      'Go: BuildMethod "go1.x" is not supported (esbuild or makefile)',
    ]);
  });

  it('resolves an intrinsic FunctionName, and an integration uri may name the function by it', () => {
    const named = model(`
Parameters:
  Prefix: { Type: String, Default: shop }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: .
      Handler: app.handler
      FunctionName: !Join ['-', [!Ref Prefix, api]]
  RestApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      DefinitionBody:
        paths:
          /x:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:shop-api/invocations
`);
    expect(named.functions[0]?.functionName).toBe('shop-api');
    expect(named.routes.map((r) => r.functionId)).toEqual(['Fn']);
  });

  it('checks integrations: a uri naming no function, STREAM without the streaming uri', () => {
    const api = (uri: string, mode: string) => `
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, CodeUri: ., Handler: app.handler }
  RestApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      DefinitionBody:
        paths:
          /x:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                responseTransferMode: ${mode}
                uri: ${uri}
`;
    expect(problems(api(invocationsUri('Other'), 'BUFFERED'))).toEqual([
      'RestApi GET /x: integration uri cannot be resolved: Fn::GetAtt Other: no such resource',
    ]);
    expect(problems(api(invocationsUri('Fn'), 'STREAM'))).toEqual([
      'RestApi GET /x: responseTransferMode STREAM needs the response-streaming-invocations uri (API Gateway refuses this pair)',
    ]);
    const ok = model(api(invocationsUri('Fn'), 'BUFFERED'));
    expect(ok.routes.map((r) => [r.path, r.functionId, r.streaming])).toEqual([
      ['/x', 'Fn', false],
    ]);
    const literal = model(
      api(
        'arn:aws:apigateway:eu-west-1:lambda:path/2021-11-15/functions/arn:aws:lambda:eu-west-1:111122223333:function:Fn:live/response-streaming-invocations',
        'STREAM',
      ),
    );
    expect(literal.routes.map((r) => [r.functionId, r.streaming])).toEqual([['Fn', true]]);
  });
});
