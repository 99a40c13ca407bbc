// Environment variables of template functions: intrinsics resolved from parameter defaults,
// --parameter-overrides and the dev server's own resources; SAM's --env-vars file and the shell
// override declared variables; what stays unresolvable is left out (never an empty string) and
// named by function, variable and reason.
import { describe, expect, it } from 'vitest';
import { parseCfnYaml } from '../../src/template/cfn-yaml.ts';
import {
  functionEnvironment,
  unresolvedProblem,
  unresolvedWarning,
} from '../../src/template/environment.ts';
import { resolveValue, Unresolvable } from '../../src/template/intrinsics.ts';
import { parseEnvVars, parseParameterOverrides } from '../../src/template/parameters.ts';
import { templateModel } from '../../src/template/read-template.ts';
import { resolveScope } from '../../src/template/scope.ts';

const TEMPLATE = `
Parameters:
  Stage: { Type: String, Default: dev }
  Token: { Type: String, NoEcho: true }
  Flag: { Type: String, Default: "yes" }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Mappings:
  Sizes:
    dev: { Memory: 128 }
    prod: { Memory: 1024 }
Globals:
  Function:
    Runtime: nodejs24.x
    CodeUri: .
    Environment:
      Variables:
        STAGE: !Ref Stage
        SHARED: from-globals
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          SHARED: from-function
          TOKEN: !Ref Token
          REGION_STAGE: !Sub "\${AWS::Region}-\${Stage}-\${!Literal}"
          WORKER_ARN: !GetAtt Worker.Arn
          WORKER_NAME: !Ref Worker
          URL: !GetAtt WorkerUrl.FunctionUrl
          BUCKET: !Ref Bucket
          MODE: !If [IsProd, fast, careful]
          SIZE: !FindInMap [Sizes, !Ref Stage, Memory]
          JOINED: !Join [",", [a, !Ref Flag]]
          NOTHING: !Ref AWS::NoValue
          COUNT: 3
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: worker.handler
      FunctionName: my-worker
      FunctionUrlConfig: { AuthType: NONE }
  Bucket:
    Type: AWS::S3::Bucket
`;

const model = templateModel(parseCfnYaml(TEMPLATE), '/work/app/template.yaml');
const lookup = {
  ref: (id: string) => (id === 'Worker' ? 'my-worker' : undefined),
  getAtt: (id: string, attribute: string) =>
    id === 'Worker' && attribute === 'Arn'
      ? 'arn:aws:lambda:us-east-1:123456789012:function:my-worker'
      : id === 'WorkerUrl' && attribute === 'FunctionUrl'
        ? 'http://127.0.0.1:4001/'
        : undefined,
};
const api = model.functions.find((fn) => fn.logicalId === 'Api')!;

function environment(
  overrides: Record<string, string>,
  envVars: Record<string, Record<string, string>> = {},
  shell: Record<string, string> = {},
) {
  return functionEnvironment(api, {
    scope: resolveScope(model, overrides, lookup),
    envVars,
    shell,
  });
}

describe('function environment', () => {
  it('resolves every value it can, and leaves out and names each one it cannot', () => {
    const result = environment({});
    expect(Object.keys(result.variables)).not.toContain('TOKEN');
    expect(Object.keys(result.variables)).not.toContain('BUCKET');
    expect(result.variables.STAGE).toBe('dev');
    expect(result.unresolved.map(unresolvedProblem)).toEqual([
      expect.stringMatching(
        /^Api: environment variable TOKEN: parameter Token has no Default; give it with --parameter-overrides Token=/,
      ),
      expect.stringMatching(
        /^Api: environment variable BUCKET: Ref Bucket names a AWS::S3::Bucket, which the dev server does not create \(set it in the --env-vars file under "Api"\)$/,
      ),
    ]);
    expect(unresolvedWarning(result.unresolved[1]!)).toBe(
      'Environment variable BUCKET of Api is not set: Ref Bucket names a AWS::S3::Bucket, which ' +
        'the dev server does not create. Set it with --env-vars (env.json: {"Api": {"BUCKET": ' +
        '"..."}}) or in the shell (BUCKET=...).',
    );
  });

  it('takes parameter overrides, the env-vars file (function over Parameters) and the shell', () => {
    const result = environment(
      { Token: 's3cret', Stage: 'prod' },
      {
        Parameters: { BUCKET: 'from-parameters', SHARED: 'file-wide' },
        Api: { BUCKET: 'from-file' },
      },
      { SHARED: 'from-shell', UNDECLARED: 'ignored' },
    );
    expect(result).toEqual({
      unresolved: [],
      variables: {
        STAGE: 'prod',
        SHARED: 'file-wide', // the file wins over the shell, which wins over the template
        TOKEN: 's3cret',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's escaped ${!Literal}
        REGION_STAGE: 'us-east-1-prod-${Literal}',
        WORKER_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:my-worker',
        WORKER_NAME: 'my-worker',
        URL: 'http://127.0.0.1:4001/',
        BUCKET: 'from-file',
        MODE: 'fast',
        SIZE: '1024',
        JOINED: 'a,yes',
        COUNT: '3',
      },
    });
  });

  it('merges Globals maps key by key (the function wins) and keeps template defaults', () => {
    const result = environment({ Token: 't' }, { Api: { BUCKET: 'b' } });
    expect(result.unresolved).toEqual([]);
    expect(result.variables).toMatchObject({
      STAGE: 'dev',
      SHARED: 'from-function',
      MODE: 'careful',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's escaped ${!Literal}
      REGION_STAGE: 'us-east-1-dev-${Literal}',
    });
  });

  it('reports what needs a deployed stack', () => {
    const scope = resolveScope(model, {}, lookup);
    expect(() => resolveValue({ 'Fn::ImportValue': 'x' }, scope)).toThrow(Unresolvable);
    expect(() => resolveValue({ Ref: 'Nope' }, scope)).toThrow(/no such parameter or resource/);
    expect(() => resolveValue({ 'Fn::GetAtt': ['Bucket', 'Arn'] }, scope)).toThrow(
      /Bucket.Arn \(a AWS::S3::Bucket\) is not available locally/,
    );
  });
});

describe('--parameter-overrides and --env-vars', () => {
  it('reads both override forms, quotes and escaped spaces', () => {
    expect(
      parseParameterOverrides([
        'Stage=prod Name="a b" Other=\'c d\' Esc=e\\ f',
        'ParameterKey=Token,ParameterValue=x=y',
      ]),
    ).toEqual({ Stage: 'prod', Name: 'a b', Other: 'c d', Esc: 'e f', Token: 'x=y' });
    expect(() => parseParameterOverrides(['NoEquals'])).toThrow(/Key=Value/);
    expect(() => parseParameterOverrides(['A="open'])).toThrow(/Unclosed/);
  });

  it('reads SAM env.json, printing numbers and booleans as strings', () => {
    expect(parseEnvVars('{"Parameters":{"A":1,"B":true},"Fn":{"C":"c"}}', 'env.json')).toEqual({
      Parameters: { A: '1', B: 'true' },
      Fn: { C: 'c' },
    });
    expect(() => parseEnvVars('{"Fn":{"C":{"Ref":"x"}}}', 'env.json')).toThrow(/Fn\.C must be/);
    expect(() => parseEnvVars('{', 'env.json')).toThrow(/env\.json is not JSON/);
  });
});
