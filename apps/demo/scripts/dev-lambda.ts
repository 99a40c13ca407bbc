// `pnpm dev:lambda`: bundles src/lambda.ts with esbuild (rebuilt on every change) and runs the
// bundle in the local Lambda dev server under AWS's runtime client:
// `sluice-lambda dev dist/lambda/index.mjs --runtime ric --watch`.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context } from 'esbuild';
import { bundleClient } from './bundle-client.ts';
import { bundleLambda, lambdaBuildOptions } from './bundle-lambda.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const handlerFile = resolve(root, 'dist/lambda/index.mjs');
const port = process.env.PORT ?? '3001';

await bundleClient();
await bundleLambda(handlerFile);
const watcher = await context(lambdaBuildOptions(handlerFile));
await watcher.watch();

// The CLI of the workspace's @sluice/lambda-dev (built by the dev:lambda script first).
const cli = resolve(root, 'node_modules/@sluice/lambda-dev/dist/cli/index.js');
const passEnv = ['LLM_BASE_URL', 'LLM_API_KEY', 'LLM_MODEL', 'PROXY_TARGET', 'REDIS_URL'];
const envFlags = passEnv.flatMap((name) =>
  process.env[name] ? ['--env', `${name}=${process.env[name]}`] : [],
);
const child = spawn(
  process.execPath,
  [cli, 'dev', handlerFile, '--runtime', 'ric', '--watch', '--port', port, ...envFlags],
  { stdio: 'inherit' },
);
child.once('exit', async (code) => {
  await watcher.dispose();
  process.exit(code ?? 1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => child.kill(signal));
}
