// Bundles the chat app behind `streamHandle` into one .mjs, as a user's build would, with the
// adapter's own test bundler (esbuild, workspace packages from src/), so aws-lambda-ric can load
// it in the dev server.
import { fileURLToPath } from 'node:url';
import {
  type BundledHandler,
  bundleHandler,
} from '../../adapter-lambda/test-fixtures/adapter/bundle.ts';

export type { BundledHandler };

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** `handler = streamHandle(createChatApp(redisEventStore({ url: REDIS_URL }), GATE_URL))`. */
export function bundleChatHandler(): Promise<BundledHandler> {
  return bundleHandler(`
    import { streamHandle } from '@sluice/adapter-lambda';
    import { redisEventStore } from ${JSON.stringify(here('../src/index.ts'))};
    import { createChatApp } from ${JSON.stringify(here('./fixtures/lambda-chat-app.ts'))};
    const store = redisEventStore({ url: process.env.REDIS_URL });
    export const handler = streamHandle(createChatApp(store, process.env.GATE_URL));
  `);
}
