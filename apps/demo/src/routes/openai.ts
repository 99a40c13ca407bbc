// The OpenAI-compatible API, backed by the demo's provider so existing OpenAI clients and SDKs
// work against it: GET /v1/models, POST /v1/chat/completions, POST /v1/responses.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import type { LLMProvider } from '../llm/types.ts';
import { chatCompletionRoutes } from './openai-chat.ts';
import { responsesRoutes } from './openai-responses.ts';

export function openAIRoutes(provider: LLMProvider): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/v1/models', (c) =>
    c.json({
      object: 'list',
      data: [{ id: provider.model, object: 'model', created: 0, owned_by: 'sluice-demo' }],
    }),
  );
  app.route('/', chatCompletionRoutes(provider));
  app.route('/', responsesRoutes(provider));

  return app;
}
