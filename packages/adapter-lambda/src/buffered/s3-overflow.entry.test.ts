// The AWS SDK is an optional peer: a handler that imports the main entry must bundle, with the
// README's esbuild command, in a project where no @aws-sdk package is installed. Here the SDK
// is installed (devDependencies), so a plugin refuses to resolve it, as a bare project would.
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));

const withoutAwsSdk: Plugin = {
  name: 'without-aws-sdk',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@aws-sdk\// }, (args) => ({
      errors: [{ text: `Could not resolve "${args.path}" (not installed)` }],
    }));
  },
};

/** `esbuild <stdin> --bundle --platform=node --format=esm`; the errors' texts, [] when it built. */
async function bundleErrors(source: string): Promise<string[]> {
  try {
    await build({
      stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      plugins: [withoutAwsSdk],
    });
    return [];
  } catch (error) {
    return ((error as { errors?: { text: string }[] }).errors ?? []).map((e) => e.text);
  }
}

describe('the AWS SDK stays out of the main entry', () => {
  it('a handler using every export of the main entry bundles without the SDK installed', async () => {
    const errors = await bundleErrors(`
      import * as lambda from ${JSON.stringify(entry('index.ts'))};
      export const exported = Object.keys(lambda);
      export const handler = lambda.streamHandle(() => new Response('ok'));
      export const buffered = lambda.handle(() => new Response('ok'));
    `);
    expect(errors).toEqual([]);
  });

  it('the /s3 entry is where it lives (so the check above can see it)', async () => {
    const errors = await bundleErrors(`
      import { s3Overflow } from ${JSON.stringify(entry('s3.ts'))};
      export const overflow = s3Overflow;
    `);
    expect(errors.join('\n')).toMatch(/@aws-sdk\/lib-storage/);
  });
});
