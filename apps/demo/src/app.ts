// The demo app: one Hono app, served unchanged on Node, Lambda and Workers. Only what truly
// differs between runtimes comes in through `platform`; nothing here imports node: modules.
import { jsonErrorResponse, memoryEventStore, type SSEEventStore } from '@sluice/core';
import { Hono } from 'hono';
import type { DemoConfig } from './config.ts';
import type { AppEnv } from './env.ts';
import { BadRequestError } from './http-errors.ts';
import { localProvider } from './llm/local.ts';
import { openAIUpstreamProvider } from './llm/openai-upstream.ts';
import type { LLMProvider } from './llm/types.ts';
import { consoleLogger, type Logger, requestLog, silentLogger } from './log.ts';
import type { Platform } from './platform/types.ts';
import { basicRoutes } from './routes/basics.ts';
import { chatRoutes } from './routes/chat.ts';
import { fileRoutes } from './routes/files.ts';
import { openAIRoutes } from './routes/openai.ts';
import { pageRoutes } from './routes/page.ts';
import { proxyRoutes } from './routes/proxy.ts';

export interface DemoAppOptions {
  config: DemoConfig;
  platform: Platform;
  /** Where resumable chats keep their events. Default: in this process's memory. */
  store?: SSEEventStore;
  /** Default: JSON lines on stdout when `config.logRequests`. */
  log?: Logger;
}

export type DemoApp = Hono<AppEnv>;

export function createApp(options: DemoAppOptions): DemoApp {
  const { config, platform } = options;
  const log = options.log ?? (config.logRequests ? consoleLogger : silentLogger);
  const store = options.store ?? memoryEventStore({ ttlMs: 10 * 60_000, maxEvents: 10_000 });
  const provider = createProvider(config, platform);

  const app = new Hono<AppEnv>();
  app.use(requestLog(log));
  app.route('/', pageRoutes());
  app.route('/', basicRoutes());
  app.route('/', chatRoutes({ provider, store }));
  app.route('/', openAIRoutes(provider));
  app.route('/', proxyRoutes(platform, config.proxyTarget));
  app.route('/', fileRoutes());

  app.notFound((c) =>
    jsonErrorResponse(404, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`),
  );
  app.onError((error, c) => {
    if (error instanceof BadRequestError) return error.toResponse();
    c.get('log')?.({ level: 'error', msg: 'unhandled error', error: String(error) });
    return jsonErrorResponse(500, 'INTERNAL_ERROR', 'Something went wrong on our side');
  });
  return app;
}

function createProvider(config: DemoConfig, platform: Platform): LLMProvider {
  if (config.llm.kind === 'local') return localProvider({ tokenDelayMs: config.llm.tokenDelayMs });
  return openAIUpstreamProvider({ ...config.llm, fetch: platform.fetch });
}
