// An OpenAI-compatible `/v1/chat/completions` upstream (OpenAI, vLLM, Ollama, llama.cpp server):
// streamed, parsed with eventsource-parser, text deltas re-emitted. `fetch` is injected: undici
// on Node and Lambda, the platform's own on Workers.
import { createParser } from 'eventsource-parser';
import { type ChatMessage, LLMError, type LLMProvider } from './types.ts';

/** The subset of `fetch` the provider needs; a rejection means the upstream was unreachable. */
export type UpstreamFetch = (
  url: string,
  init: { method: string; headers: Headers; body: string; signal: AbortSignal },
) => Promise<Response>;

export interface OpenAIUpstreamOptions {
  /** e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434` (`/v1` is added if missing). */
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  fetch: UpstreamFetch;
}

const ERROR_BODY_LIMIT = 4096;

export function completionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${/\/v\d+$/.test(base) ? base : `${base}/v1`}/chat/completions`;
}

export function openAIUpstreamProvider(options: OpenAIUpstreamOptions): LLMProvider {
  const url = completionsUrl(options.baseUrl);
  return {
    model: options.model,
    async *stream(messages, signal) {
      const response = await request(url, options, messages, signal);
      yield* deltas(response, signal);
    },
  };
}

async function request(
  url: string,
  options: OpenAIUpstreamOptions,
  messages: readonly ChatMessage[],
  signal: AbortSignal,
): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json', accept: 'text/event-stream' });
  if (options.apiKey) headers.set('authorization', `Bearer ${options.apiKey}`);
  const body = JSON.stringify({ model: options.model, messages, stream: true });
  let response: Response;
  try {
    response = await options.fetch(url, { method: 'POST', headers, body, signal });
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    throw new LLMError('LLM_UPSTREAM_UNREACHABLE', 'The model server could not be reached', {
      cause,
    });
  }
  if (!response.ok) {
    const detail = await boundedText(response);
    throw new LLMError('LLM_UPSTREAM_STATUS', `The model server answered ${response.status}`, {
      status: response.status,
      cause: new Error(detail),
    });
  }
  return response;
}

async function* deltas(response: Response, signal: AbortSignal): AsyncGenerator<string> {
  if (!response.body) throw new LLMError('LLM_UPSTREAM_INVALID', 'The model sent no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  // Deltas and failures in wire order: a failure is thrown once the deltas before it are out.
  const pending: (string | LLMError)[] = [];
  let done = false;
  const parser = createParser({
    onEvent: ({ data }) => {
      if (done) return;
      if (data === '[DONE]') {
        done = true;
        return;
      }
      const delta = parseChunk(data);
      if (delta !== undefined) pending.push(delta);
    },
  });
  const drain = function* () {
    while (pending.length > 0) {
      const next = pending.shift()!;
      if (next instanceof LLMError) throw next;
      yield next;
    }
  };
  try {
    while (!done) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        if (signal.aborted) throw signal.reason;
        throw new LLMError('LLM_UPSTREAM_TRUNCATED', 'The model server dropped the stream', {
          cause,
        });
      }
      if (chunk.done) break;
      parser.feed(decoder.decode(chunk.value, { stream: true }));
      yield* drain();
    }
    yield* drain();
    if (!done) {
      throw new LLMError('LLM_UPSTREAM_TRUNCATED', 'The model stream ended before [DONE]');
    }
  } finally {
    // Leaving early (client gone, error) cancels the upstream request and closes its socket.
    reader.cancel().catch(() => {});
  }
}

interface UpstreamChunk {
  choices?: { delta?: { content?: string | null } }[];
  error?: { message?: string };
}

function parseChunk(data: string): string | LLMError | undefined {
  let chunk: UpstreamChunk;
  try {
    chunk = JSON.parse(data) as UpstreamChunk;
  } catch (cause) {
    return new LLMError('LLM_UPSTREAM_INVALID', 'The model sent a chunk that is not JSON', {
      cause,
    });
  }
  if (chunk.error) {
    return new LLMError('LLM_UPSTREAM_ERROR', 'The model server reported an error mid-stream', {
      cause: new Error(chunk.error.message ?? 'unknown'),
    });
  }
  const content = chunk.choices?.[0]?.delta?.content;
  return typeof content === 'string' && content !== '' ? content : undefined;
}

/** The start of an error body, for logs; never reads more than ERROR_BODY_LIMIT bytes. */
async function boundedText(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_LIMIT) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {
    // the body failed: what we have is enough for a log line
  } finally {
    reader.cancel().catch(() => {});
  }
  return text.slice(0, ERROR_BODY_LIMIT);
}
