// POST /v1/responses: OpenAI's Responses API (what the AI SDK's default `openai(model)` provider
// and `client.responses` call), streaming and not, backed by the demo's provider: the embedded
// model, or an upstream's chat completions translated to Responses events.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { estimateTokens } from '../llm/openai-wire.ts';
import { parseResponsesRequest } from '../llm/responses-input.ts';
import { completedResponse, newResponseIds, ResponseEventWriter } from '../llm/responses-wire.ts';
import type { LLMProvider } from '../llm/types.ts';
import { answerStream, collectAnswer, readOpenAIRequest, startAnswer } from './openai-answer.ts';

export function responsesRoutes(provider: LLMProvider): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/responses', async (c) => {
    const read = await readOpenAIRequest(c.req.raw, parseResponsesRequest);
    if ('error' in read) return read.error;
    const { stream, instructions, messages } = read.value;
    const ids = newResponseIds(provider.model);
    const echo = {
      instructions,
      inputTokens: estimateTokens(messages.map((m) => m.content).join('\n')),
    };
    const answer = await startAnswer(c, provider, messages);
    if (answer instanceof Response) return answer;
    if (!stream) {
      const whole = await collectAnswer(c, answer);
      if (whole instanceof Response) return whole;
      return c.json(completedResponse(ids, echo, whole.text, whole.tokens));
    }
    return answerStream(answer, new ResponseEventWriter(ids, echo));
  });

  return app;
}
