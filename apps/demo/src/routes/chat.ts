// POST /api/chat: the answer as checksum-terminated SSE. With a chat `id` the stream is
// resumable (events kept in the store, a reconnect with Last-Event-ID gets the rest);
// `?cut=N` ends the first response after N events to show exactly that.
// DELETE /api/chat/:id cancels a resumable answer (disconnecting does not).
import {
  jsonErrorResponse,
  type SSEErrorInfo,
  type SSEEventStore,
  type SSESourceFunction,
  sse,
} from '@sluice/core';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { BadRequestError, intParam, readJsonBody } from '../http-errors.ts';
import { parseMessages } from '../llm/messages.ts';
import { type ChatMessage, LLMError, type LLMProvider } from '../llm/types.ts';
import { cutAfterEvents } from '../stream/cut-after.ts';
import { untilStreamEnds } from '../stream/until-ended.ts';

const CHAT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const BODY_LIMIT = 256 * 1024;
const MAX_PROMPT = 16_000;
/** Producer lease: renewed every second, so a cancel stops the model within about a second. */
const LEASE_MS = 3000;

export interface ChatDeps {
  provider: LLMProvider;
  store: SSEEventStore;
}

interface ChatRequest {
  id: string | undefined;
  messages: ChatMessage[];
}

export function chatRoutes({ provider, store }: ChatDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/chat', async (c) => {
    const cut = intParam(new URL(c.req.url), 'cut', { min: 0, max: 100_000, fallback: 0 });
    const { id, messages } = parseChatRequest(await readJsonBody(c.req.raw, BODY_LIMIT));
    const source = answer(provider, messages);
    const onError = reportError(c);
    const request = c.req.raw;
    let response: Response;
    if (id === undefined) {
      response = sse(source, { request, onError });
    } else {
      const streamId = `chat:${id}`;
      response = await sse(source, { request, onError, store, streamId, leaseMs: LEASE_MS });
      // A cut answer's producer must outlive this response where runtimes stop background work
      // (Workers, Lambda); on Node, shutdown waits for it. Every adapter passes executionCtx.
      c.executionCtx.waitUntil(untilStreamEnds(store, streamId));
    }
    const resuming = c.req.header('last-event-id') !== undefined;
    if (cut > 0 && !resuming && response.status === 200 && response.body) {
      return new Response(cutAfterEvents(response.body, cut), response);
    }
    return response;
  });

  app.delete('/api/chat/:id', async (c) => {
    const id = c.req.param('id');
    if (!CHAT_ID.test(id))
      return jsonErrorResponse(400, 'INVALID_CHAT_ID', 'Unknown chat id format');
    const streamId = `chat:${id}`;
    if ((await store.info(streamId)) === undefined) {
      return jsonErrorResponse(404, 'CHAT_NOT_FOUND', 'No answer with this id is stored');
    }
    await store.cancel(streamId);
    return c.json({ cancelled: id });
  });

  return app;
}

/** `{ id?, prompt }` or `{ id?, messages }`. */
function parseChatRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('INVALID_CHAT_REQUEST', 'The body must be a JSON object');
  }
  const { id, prompt, messages } = body as Record<string, unknown>;
  if (id !== undefined && (typeof id !== 'string' || !CHAT_ID.test(id))) {
    throw new BadRequestError('INVALID_CHAT_ID', '"id" must be 8-64 letters, digits, _ or -');
  }
  if ((prompt === undefined) === (messages === undefined)) {
    throw new BadRequestError('INVALID_CHAT_REQUEST', 'Send either "prompt" or "messages"');
  }
  if (messages !== undefined) return { id, messages: parseMessages(messages) };
  if (typeof prompt !== 'string' || prompt.trim() === '' || prompt.length > MAX_PROMPT) {
    throw new BadRequestError('INVALID_PROMPT', `"prompt" must be 1 to ${MAX_PROMPT} characters`);
  }
  return { id, messages: [{ role: 'user', content: prompt }] };
}

/** The events of one answer: `meta`, the text deltas, `usage`. */
function answer(provider: LLMProvider, messages: ChatMessage[]): SSESourceFunction {
  return async (send, signal) => {
    await send({ event: 'meta', data: { model: provider.model } });
    let tokens = 0;
    for await (const delta of provider.stream(messages, signal)) {
      tokens++;
      await send({ data: { type: 'text-delta', delta } });
    }
    await send({ event: 'usage', data: { completion_tokens: tokens } });
  };
}

/** What the client's `end` says on failure; the details go to the log only. */
function reportError(c: Context<AppEnv>): (error: unknown) => SSEErrorInfo {
  return (error) => {
    c.get('log')({
      level: 'error',
      msg: 'chat failed',
      error: error instanceof Error ? error.message : String(error),
      cause:
        error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined,
    });
    if (error instanceof LLMError) return { code: error.code, message: error.message };
    return { code: 'CHAT_FAILED', message: 'The answer could not be produced' };
  };
}
