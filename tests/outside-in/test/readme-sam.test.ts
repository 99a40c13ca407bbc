// The SAM template in the adapter-lambda README, for a user's own project: parsed with
// CloudFormation's short tags, and its esbuild build metadata compared flag by flag with the
// README's esbuild command (the one outside-in.test.ts runs), so the two cannot drift apart.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseCfnYaml } from '@sluice/lambda-dev';
import { describe, expect, it } from 'vitest';
import { readCheckedBlocks } from './support/readme-blocks.ts';
import { ROOT } from './support/workspace.ts';

// biome-ignore lint/suspicious/noExplicitAny: the parsed template is walked by known paths
type Node = Record<string, any>;

const readme = `${ROOT}packages/adapter-lambda/README.md`;
const markdown = await readFile(readme, 'utf8');
const blocks = await readCheckedBlocks(readme);
const samBlock = blocks.find((block) => block.kind === 'sam-template');
const buildBlock = blocks.find((block) => block.kind === 'lambda-build');
const command = buildBlock?.code.split('\n').find((line) => line.startsWith('npx esbuild '));

/** `npx esbuild handler.ts --a --b=c` -> entry 'handler.ts', flags { '--a': true, '--b': 'c' }. */
function parseEsbuild(line: string): { entry: string; flags: Map<string, string | true> } {
  const [, , entry, ...rest] = line.trim().split(/\s+/);
  const flags = new Map<string, string | true>();
  for (const word of rest) {
    const at = word.indexOf('=');
    flags.set(at < 0 ? word : word.slice(0, at), at < 0 ? true : word.slice(at + 1));
  }
  return { entry: entry!, flags };
}

const template = parseCfnYaml(samBlock?.code ?? '') as Node;
const resources = (template.Resources ?? {}) as Node;
const functions = Object.entries(resources).filter(
  ([, resource]) => resource.Type === 'AWS::Serverless::Function',
);

describe('the SAM template in the adapter-lambda README', () => {
  it('is there, next to the esbuild command', () => {
    expect(samBlock, 'a `check: sam-template` block').toBeDefined();
    expect(command, 'an `npx esbuild` line in the `check: lambda-build` block').toBeDefined();
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(functions).toHaveLength(1);
  });

  it('every esbuild command in the README is one of the checked ones', () => {
    const s3Build = blocks.find((block) => block.kind === 'lambda-build-s3');
    const checked = new Set([command, s3Build?.code.split('\n')[0]]);
    const lines = markdown.split('\n').filter((line) => line.trim().startsWith('npx esbuild '));
    for (const line of lines) expect(checked).toContain(line.trim());
    // The S3 build is the plain build plus a banner, nothing else.
    expect(s3Build?.code).toMatch(/^npx esbuild .* \\\n\s+--banner:js="[^"]+"\n$/);
    expect(s3Build?.code.startsWith(`${command?.replace(/ --outfile=\S+$/, '')}`)).toBe(true);
  });

  it("builds with esbuild exactly as the README's command does", () => {
    const [name, fn] = functions[0]!;
    const { entry, flags } = parseEsbuild(command!);
    expect(fn.Metadata.BuildMethod).toBe('esbuild');
    const props = fn.Metadata.BuildProperties as Node;
    // What `sam build` always does: bundle, for Node.
    expect(flags.get('--bundle')).toBe(true);
    expect(flags.get('--platform')).toBe('node');
    expect(props.EntryPoints).toEqual([entry]);
    expect(props.Format).toBe(flags.get('--format'));
    expect(props.Target).toBe(flags.get('--target'));
    const outfile = flags.get('--outfile');
    expect(typeof outfile === 'string' && extname(outfile)).toBe('.mjs');
    expect(props.OutExtension).toEqual(['.js=.mjs']);
    expect(props.Minify).toBe(flags.has('--minify'));
    expect(props.Sourcemap).toBe(flags.has('--sourcemap'));
    // A flag or property added on one side only must be mirrored on the other.
    const mirrored = ['--bundle', '--platform', '--format', '--target', '--outfile', '--minify'];
    expect(
      [...flags.keys()].filter((flag) => ![...mirrored, '--sourcemap'].includes(flag)),
    ).toEqual([]);
    expect(Object.keys(props).sort()).toEqual(
      ['EntryPoints', 'Format', 'Minify', 'OutExtension', 'Sourcemap', 'Target'].sort(),
    );
    // sam build names the bundle after the entry point; the README's handler exports `handler`.
    expect(fn.Properties.Handler).toBe(`${basename(entry, extname(entry))}.handler`);
    expect(markdown).toContain('export const handler = streamHandle(app);');
    expect(name).toBeTruthy();
  });

  it('runs nodejs24.x behind a RESPONSE_STREAM Function URL', () => {
    const [, fn] = functions[0]!;
    const runtime = fn.Properties.Runtime ?? template.Globals?.Function?.Runtime;
    expect(runtime).toBe('nodejs24.x');
    expect(fn.Properties.FunctionUrlConfig).toMatchObject({ InvokeMode: 'RESPONSE_STREAM' });
  });

  it('streams through an API Gateway REST API (responseTransferMode: STREAM)', () => {
    const [name] = functions[0]!;
    const apis = Object.values(resources).filter((r) => r.Type === 'AWS::Serverless::Api');
    expect(apis).toHaveLength(1);
    const paths = apis[0].Properties.DefinitionBody.paths as Node;
    expect(Object.keys(paths)).toEqual(['/', '/{proxy+}']);
    for (const path of Object.values(paths)) {
      const integration = path['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'];
      expect(integration).toMatchObject({
        type: 'aws_proxy',
        httpMethod: 'POST',
        responseTransferMode: 'STREAM',
      });
      expect(integration.uri['Fn::Sub']).toContain(
        `/functions/\${${name}.Arn}/response-streaming-invocations`,
      );
    }
  });
});
