// POST /v1/chat/completions: an OpenAI-compatible endpoint (streaming and not) backed by the
// demo's provider, so existing OpenAI clients and SDKs work against it. GET /v1/models lists it.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { BadRequestError, readJsonBody } from '../http-errors.ts';
import { parseMessages } from '../llm/messages.ts';
import {
  type CompletionIds,
  chunk,
  completion,
  dataLine,
  estimateTokens,
  newCompletionIds,
  openAIError,
  usage,
} from '../llm/openai-wire.ts';
import { LLMError, type LLMProvider } from '../llm/types.ts';

const BODY_LIMIT = 1024 * 1024;

interface CompletionRequest {
  stream: boolean;
  includeUsage: boolean;
  messages: ReturnType<typeof parseMessages>;
}

export function openAIRoutes(provider: LLMProvider): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/v1/models', (c) =>
    c.json({
      object: 'list',
      data: [{ id: provider.model, object: 'model', created: 0, owned_by: 'sluice-demo' }],
    }),
  );

  app.post('/v1/chat/completions', async (c) => {
    let input: CompletionRequest;
    try {
      input = parseCompletionRequest(await readJsonBody(c.req.raw, BODY_LIMIT));
    } catch (error) {
      if (error instanceof BadRequestError) {
        return openAIError(error.status, error.code.toLowerCase(), error.message);
      }
      throw error;
    }
    const signal = c.req.raw.signal;
    const ids = newCompletionIds(provider.model);
    const promptTokens = estimateTokens(input.messages.map((m) => m.content).join('\n'));
    const deltas = provider.stream(input.messages, signal)[Symbol.asyncIterator]();
    // The first delta decides between a 200 and an error status: nothing is sent before it.
    let first: IteratorResult<string>;
    try {
      first = await deltas.next();
    } catch (error) {
      return upstreamFailure(c.get('log'), error);
    }
    if (!input.stream) {
      let content = first.done ? '' : first.value;
      let tokens = first.done ? 0 : 1;
      try {
        for (let next = await deltas.next(); !next.done; next = await deltas.next()) {
          content += next.value;
          tokens++;
        }
      } catch (error) {
        return upstreamFailure(c.get('log'), error);
      }
      return c.json(completion(ids, content, tokens, promptTokens));
    }
    const body = completionStream(
      ids,
      first,
      deltas,
      input.includeUsage ? promptTokens : undefined,
    );
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
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

function completionStream(
  ids: CompletionIds,
  first: IteratorResult<string>,
  deltas: AsyncIterator<string>,
  promptTokens: number | undefined,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pendingFirst: IteratorResult<string> | undefined = first;
  let tokens = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(
          encoder.encode(dataLine(chunk(ids, { role: 'assistant', content: '' }))),
        );
      },
      async pull(controller) {
        if (finished) return;
        let next: IteratorResult<string>;
        try {
          next = pendingFirst ?? (await deltas.next());
        } catch (error) {
          // After the first byte an error can only be reported in-band, as OpenAI does.
          finished = true;
          const info = publicError(error);
          const payload = {
            error: { message: info.message, type: 'server_error', code: info.code },
          };
          controller.enqueue(encoder.encode(dataLine(payload)));
          controller.close();
          return;
        }
        pendingFirst = undefined;
        if (!next.done) {
          tokens++;
          controller.enqueue(encoder.encode(dataLine(chunk(ids, { content: next.value }))));
          return;
        }
        finished = true;
        let text = dataLine(chunk(ids, {}, 'stop'));
        if (promptTokens !== undefined) {
          text += dataLine({ ...chunk(ids, {}), choices: [], usage: usage(promptTokens, tokens) });
        }
        controller.enqueue(encoder.encode(text + dataLine('[DONE]')));
        controller.close();
      },
      cancel() {
        finished = true;
        return deltas.return?.().then(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}

function publicError(error: unknown): { code: string; message: string } {
  if (error instanceof LLMError) return { code: error.code.toLowerCase(), message: error.message };
  return { code: 'internal_error', message: 'The answer could not be produced' };
}

function upstreamFailure(log: (line: Record<string, string | undefined>) => void, error: unknown) {
  if (!(error instanceof LLMError)) throw error;
  log({ level: 'error', msg: 'completion failed', error: error.message });
  const status = error.code === 'LLM_UPSTREAM_STATUS' && error.status === 429 ? 429 : 502;
  const info = publicError(error);
  return openAIError(status, info.code, info.message);
}
