// POST /v1/chat/completions: OpenAI's chat completions API (streaming and not) backed by the
// demo's provider, so existing OpenAI clients and SDKs work against it.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { BadRequestError } from '../http-errors.ts';
import { parseMessages } from '../llm/messages.ts';
import {
  type CompletionIds,
  chunk,
  completion,
  dataLine,
  estimateTokens,
  newCompletionIds,
  usage,
} from '../llm/openai-wire.ts';
import type { LLMProvider } from '../llm/types.ts';
import {
  type AnswerFrames,
  answerStream,
  collectAnswer,
  readOpenAIRequest,
  startAnswer,
} from './openai-answer.ts';

interface CompletionRequest {
  stream: boolean;
  includeUsage: boolean;
  messages: ReturnType<typeof parseMessages>;
}

export function chatCompletionRoutes(provider: LLMProvider): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/v1/chat/completions', async (c) => {
    const read = await readOpenAIRequest(c.req.raw, parseCompletionRequest);
    if ('error' in read) return read.error;
    const input = read.value;
    const ids = newCompletionIds(provider.model);
    const promptTokens = estimateTokens(input.messages.map((m) => m.content).join('\n'));
    const answer = await startAnswer(c, provider, input.messages);
    if (answer instanceof Response) return answer;
    if (!input.stream) {
      const whole = await collectAnswer(c, answer);
      if (whole instanceof Response) return whole;
      return c.json(completion(ids, whole.text, whole.tokens, promptTokens));
    }
    return answerStream(
      answer,
      completionFrames(ids, input.includeUsage ? promptTokens : undefined),
    );
  });

  return app;
}

function parseCompletionRequest(body: unknown): CompletionRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('INVALID_REQUEST', 'The body must be a JSON object');
  }
  const { messages, stream, stream_options: options } = body as Record<string, unknown>;
  if (stream !== undefined && typeof stream !== 'boolean') {
    throw new BadRequestError('INVALID_REQUEST', '"stream" must be a boolean');
  }
  const includeUsage = (options as { include_usage?: unknown } | null)?.include_usage === true;
  return { stream: stream === true, includeUsage, messages: parseMessages(messages) };
}

/** `data: {chunk}` lines, then a usage chunk when asked, then `data: [DONE]`. */
function completionFrames(ids: CompletionIds, promptTokens: number | undefined): AnswerFrames {
  return {
    opening: () => dataLine(chunk(ids, { role: 'assistant', content: '' })),
    delta: (content) => dataLine(chunk(ids, { content })),
    closing(tokens) {
      let text = dataLine(chunk(ids, {}, 'stop'));
      if (promptTokens !== undefined) {
        text += dataLine({ ...chunk(ids, {}), choices: [], usage: usage(promptTokens, tokens) });
      }
      return text + dataLine('[DONE]');
    },
    failure: ({ code, message }) => dataLine({ error: { message, type: 'server_error', code } }),
  };
}
