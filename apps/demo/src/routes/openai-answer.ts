// What the OpenAI-compatible routes share: the body read with OpenAI's error shape, the answer's
// first delta deciding between a 200 and an error status, then the rest either collected or
// framed as SSE one delta per pull (so a slow client slows the model), failures told in-band.
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { BadRequestError, readJsonBody } from '../http-errors.ts';
import { openAIError } from '../llm/openai-wire.ts';
import { type ChatMessage, LLMError, type LLMProvider, type PublicError } from '../llm/types.ts';

const BODY_LIMIT = 1024 * 1024;

/** An answer whose first delta was read, while its status can still be chosen. */
export interface StartedAnswer {
  first: IteratorResult<string>;
  rest: AsyncIterator<string>;
}

/** How one wire format frames an answer. */
export interface AnswerFrames {
  /** Sent before the first delta. */
  opening(): string;
  delta(text: string): string;
  /** After the last of `tokens` deltas. */
  closing(tokens: number): string;
  failure(error: PublicError): string;
}

/** The parsed body, or the 4xx to send (in OpenAI's error shape). */
export async function readOpenAIRequest<T>(
  request: Request,
  parse: (body: unknown) => T,
): Promise<{ value: T } | { error: Response }> {
  try {
    return { value: parse(await readJsonBody(request, BODY_LIMIT)) };
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    return { error: openAIError(error.status, error.code.toLowerCase(), error.message) };
  }
}

/** Starts the answer; a provider failure before the first delta is a 502 (429 passed on). */
export async function startAnswer(
  c: Context<AppEnv>,
  provider: LLMProvider,
  messages: readonly ChatMessage[],
): Promise<StartedAnswer | Response> {
  const rest = provider.stream(messages, c.req.raw.signal)[Symbol.asyncIterator]();
  try {
    return { first: await rest.next(), rest };
  } catch (error) {
    return failureResponse(c, error);
  }
}

/** The whole text, for a non-streaming request; a failure is a status, nothing was sent yet. */
export async function collectAnswer(
  c: Context<AppEnv>,
  answer: StartedAnswer,
): Promise<{ text: string; tokens: number } | Response> {
  let text = '';
  let tokens = 0;
  try {
    for (let next = answer.first; !next.done; next = await answer.rest.next()) {
      text += next.value;
      tokens++;
    }
  } catch (error) {
    return failureResponse(c, error);
  }
  return { text, tokens };
}

export function answerStream(answer: StartedAnswer, frames: AnswerFrames): Response {
  const encoder = new TextEncoder();
  let pending: IteratorResult<string> | undefined = answer.first;
  let tokens = 0;
  let finished = false;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(frames.opening()));
      },
      async pull(controller) {
        if (finished) return;
        let next: IteratorResult<string>;
        try {
          next = pending ?? (await answer.rest.next());
        } catch (error) {
          // After the first byte an error can only be reported in-band, as OpenAI does.
          finished = true;
          controller.enqueue(encoder.encode(frames.failure(publicError(error))));
          controller.close();
          return;
        }
        pending = undefined;
        if (!next.done) {
          tokens++;
          controller.enqueue(encoder.encode(frames.delta(next.value)));
          return;
        }
        finished = true;
        controller.enqueue(encoder.encode(frames.closing(tokens)));
        controller.close();
      },
      cancel() {
        finished = true;
        return answer.rest.return?.().then(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}

function publicError(error: unknown): PublicError {
  if (error instanceof LLMError) return { code: error.code.toLowerCase(), message: error.message };
  return { code: 'internal_error', message: 'The answer could not be produced' };
}

function failureResponse(c: Context<AppEnv>, error: unknown): Response {
  if (!(error instanceof LLMError)) throw error;
  c.get('log')({ level: 'error', msg: 'completion failed', error: error.message });
  const status = error.code === 'LLM_UPSTREAM_STATUS' && error.status === 429 ? 429 : 502;
  const info = publicError(error);
  return openAIError(status, info.code, info.message);
}
