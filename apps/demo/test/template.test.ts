// template.yaml, read with the yaml package and CloudFormation's short-form tags: the streaming
// function on nodejs24.x/arm64 behind a RESPONSE_STREAM Function URL and a REST API whose proxy
// integration streams, and the buffered HTTP API route with its S3 overflow bucket that forgets
// objects after a day.
import { readFile } from 'node:fs/promises';
import { parseCfnYaml } from '@sluice/lambda-dev';
import { describe, expect, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: the parsed template is walked by known paths
type Node = Record<string, any>;

const template = parseCfnYaml(
  await readFile(new URL('../template.yaml', import.meta.url), 'utf8'),
) as Node;
const resources = template.Resources as Node;
const streamingUri = {
  'Fn::Sub':
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's own ${} syntax
    'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2021-11-15/functions/${StreamingFunction.Arn}/response-streaming-invocations',
};

describe('template.yaml', () => {
  it('is a SAM template whose functions run nodejs24.x on arm64', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(template.Globals.Function.Runtime).toBe('nodejs24.x');
    expect(template.Globals.Function.Architectures).toEqual(['arm64']);
    for (const name of ['StreamingFunction', 'BufferedFunction']) {
      expect(resources[name].Type).toBe('AWS::Serverless::Function');
      expect(resources[name].Metadata).toEqual({ BuildMethod: 'makefile' });
    }
  });

  it('streams through a Function URL in RESPONSE_STREAM mode with streamHandle', () => {
    const fn = resources.StreamingFunction.Properties;
    expect(fn.Handler).toBe('index.handler');
    expect(fn.FunctionUrlConfig).toEqual({ AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' });
    expect(resources.StreamingFunctionUrlInvoke.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: 'StreamingFunction' },
      InvokedViaFunctionUrl: true,
    });
    expect(template.Outputs.FunctionUrl.Value).toEqual({
      'Fn::GetAtt': ['StreamingFunctionUrl', 'FunctionUrl'],
    });
  });

  it('streams through an API Gateway REST API proxy integration (responseTransferMode STREAM)', () => {
    const api = resources.StreamingRestApi;
    expect(api.Type).toBe('AWS::Serverless::Api');
    const paths = api.Properties.DefinitionBody.paths as Node;
    expect(Object.keys(paths)).toEqual(['/', '/{proxy+}']);
    for (const path of Object.values(paths)) {
      expect(path['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration']).toEqual({
        type: 'aws_proxy',
        httpMethod: 'POST',
        responseTransferMode: 'STREAM',
        timeoutInMillis: 300000,
        uri: streamingUri,
      });
    }
    expect(resources.StreamingRestApiInvoke.Properties).toMatchObject({
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { Ref: 'StreamingFunction' },
    });
  });

  it('buffers behind an HTTP API with handle() and an S3 overflow bucket', () => {
    const fn = resources.BufferedFunction.Properties;
    expect(fn.Handler).toBe('index.bufferedHandler');
    expect(fn.Environment.Variables.OVERFLOW_BUCKET).toEqual({ Ref: 'OverflowBucket' });
    expect(fn.Policies).toEqual([{ S3CrudPolicy: { BucketName: { Ref: 'OverflowBucket' } } }]);
    const events = Object.values(fn.Events as Node);
    expect(
      events.map((event) => [event.Type, event.Properties.Path, event.Properties.Method]),
    ).toEqual([
      ['HttpApi', '/', 'ANY'],
      ['HttpApi', '/{proxy+}', 'ANY'],
    ]);
    for (const event of events) expect(event.Properties.ApiId).toEqual({ Ref: 'BufferedHttpApi' });
    expect(resources.BufferedHttpApi.Type).toBe('AWS::Serverless::HttpApi');
  });

  it('deletes overflow objects after one day', () => {
    const bucket = resources.OverflowBucket;
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'ExpireOverflowObjects', Status: 'Enabled', Prefix: 'overflow/', ExpirationInDays: 1 },
    ]);
  });

  it('passes the demo settings to both functions', () => {
    const variables = template.Globals.Function.Environment.Variables as Node;
    for (const [name, parameter] of [
      ['LLM_BASE_URL', 'LlmBaseUrl'],
      ['LLM_API_KEY', 'LlmApiKey'],
      ['LLM_MODEL', 'LlmModel'],
      ['PROXY_TARGET', 'ProxyTarget'],
      ['REDIS_URL', 'RedisUrl'],
    ] as const) {
      expect(variables[name]).toEqual({ Ref: parameter });
      expect(template.Parameters[parameter].Type).toBe('String');
    }
  });
});
