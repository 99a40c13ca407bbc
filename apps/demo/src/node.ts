// Node entry: `npm start` (built to dist/node.js) and `pnpm dev`. Graceful shutdown on
// SIGTERM/SIGINT: in-flight responses and `c.executionCtx.waitUntil` tasks (a cut answer's
// producer) get up to 10 s; SSE streams without a store end with `aborted`, store-backed ones
// close without an `end` so their clients resume.
import { serve } from '@sluice/adapter-node';
import { createApp } from './app.ts';
import { ConfigError, type DemoConfig, listenPort, readConfig } from './config.ts';
import { nodePlatform } from './platform/node.ts';
import { createEventStore } from './store.ts';

const { config, port } = settings();
const hostname = process.env.HOST || undefined;
const platform = nodePlatform({ name: 'node' });
const events = await createEventStore(config.redisUrl);
const server = await serve(createApp({ config, platform, store: events.store }), {
  port,
  hostname,
  shutdownTimeoutMs: 10_000,
}).catch((error: unknown) => {
  if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
  console.error(`sluice demo: port ${port} is in use; set PORT to another one`);
  process.exit(1);
});

const llm = config.llm.kind === 'local' ? 'embedded generator' : config.llm.baseUrl;
console.log(`sluice demo on ${server.url} (llm: ${llm}, chat store: ${events.kind})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: finishing in-flight responses, then exiting`);
    server
      .close()
      .then(() => events.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}

/** The settings, or a one-line reason and exit code 1 (not a stack trace) when one is wrong. */
function settings(): { config: DemoConfig; port: number } {
  try {
    return { config: readConfig(process.env), port: listenPort(process.env) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`sluice demo: ${error.message}`);
    process.exit(1);
  }
}
