// Bundles the chat app behind `streamHandle` into one .mjs with esbuild, as a user's build would,
// so aws-lambda-ric can load it in the dev server. Workspace packages come from their src/ (the
// `@sluice/source` condition). esbuild and the adapter are @sluice/adapter-lambda's: this package
// does not depend on them, so they are reached by path.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export interface BundledHandler {
  /** Absolute path of the bundled `index.mjs`, exporting `handler`. */
  file: string;
  remove(): Promise<void>;
}

/** `handler = streamHandle(createChatApp(redisEventStore({ url: REDIS_URL }), GATE_URL))`. */
export async function bundleChatHandler(): Promise<BundledHandler> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-redis-lambda-'));
  const entry = join(dir, 'entry.ts');
  await writeFile(
    entry,
    `
    import { streamHandle } from '@sluice/adapter-lambda';
    import { redisEventStore } from ${JSON.stringify(here('../src/index.ts'))};
    import { createChatApp } from ${JSON.stringify(here('./fixtures/lambda-chat-app.ts'))};
    const store = redisEventStore({ url: process.env.REDIS_URL });
    export const handler = streamHandle(createChatApp(store, process.env.GATE_URL));
    `,
  );
  const file = join(dir, 'index.mjs');
  const remove = () => rm(dir, { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    conditions: ['@sluice/source'],
    alias: { '@sluice/adapter-lambda': here('../../adapter-lambda/src/index.ts') },
    // `redis` is CommonJS and calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  }).catch(async (error: unknown) => {
    await remove();
    throw error;
  });
  return { file, remove };
}
