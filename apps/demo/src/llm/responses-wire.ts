// OpenAI's Responses API wire format: the Response object, and its streaming events as SSE frames
// (`event: <type>` + `data: { type, sequence_number, ... }`). The answer is one assistant message
// with one output_text part, so output_index and content_index are always 0.
import type { PublicError } from './types.ts';

export interface ResponseIds {
  responseId: string;
  messageId: string;
  createdAt: number;
  model: string;
}

/** What the request decided and the Response object repeats. */
export interface ResponseRequestEcho {
  instructions: string | null;
  /** Estimated prompt size, for `usage`. */
  inputTokens: number;
}

type Status = 'in_progress' | 'completed' | 'failed';

const hex = () => crypto.randomUUID().replaceAll('-', '');

export function newResponseIds(model: string): ResponseIds {
  const createdAt = Math.floor(Date.now() / 1000);
  return { responseId: `resp_${hex()}`, messageId: `msg_${hex()}`, createdAt, model };
}

function outputText(text: string) {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

function messageItem(ids: ResponseIds, status: Status | 'incomplete', text?: string) {
  const content = text === undefined ? [] : [outputText(text)];
  return { id: ids.messageId, type: 'message', status, role: 'assistant', content };
}

function usage(inputTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

interface ResponseState {
  status: Status;
  output: unknown[];
  usage?: ReturnType<typeof usage>;
  error?: PublicError;
}

function responseObject(ids: ResponseIds, echo: ResponseRequestEcho, state: ResponseState) {
  return {
    id: ids.responseId,
    object: 'response',
    created_at: ids.createdAt,
    status: state.status,
    completed_at: state.status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error: state.error ?? null,
    incomplete_details: null,
    instructions: echo.instructions,
    max_output_tokens: null,
    model: ids.model,
    output: state.output,
    parallel_tool_calls: false,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    // Sampling settings are not applied by this server, so none is claimed.
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'none',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: state.usage ?? null,
    user: null,
    metadata: {},
  };
}

/** The non-streaming answer: a completed Response holding the whole text. */
export function completedResponse(
  ids: ResponseIds,
  echo: ResponseRequestEcho,
  text: string,
  outputTokens: number,
) {
  return responseObject(ids, echo, {
    status: 'completed',
    output: [messageItem(ids, 'completed', text)],
    usage: usage(echo.inputTokens, outputTokens),
  });
}

/**
 * The streaming answer's events, in OpenAI's order: created, in_progress, output_item.added,
 * content_part.added, output_text.delta..., then output_text.done, content_part.done,
 * output_item.done, completed; or, after a failure, `error` and `response.failed`.
 */
export class ResponseEventWriter {
  readonly #ids: ResponseIds;
  readonly #echo: ResponseRequestEcho;
  readonly #position: { item_id: string; output_index: 0; content_index: 0 };
  #sequence = 0;
  #text = '';

  constructor(ids: ResponseIds, echo: ResponseRequestEcho) {
    this.#ids = ids;
    this.#echo = echo;
    this.#position = { item_id: ids.messageId, output_index: 0, content_index: 0 };
  }

  opening(): string {
    const response = responseObject(this.#ids, this.#echo, { status: 'in_progress', output: [] });
    return (
      this.#frame('response.created', { response }) +
      this.#frame('response.in_progress', { response }) +
      this.#frame('response.output_item.added', {
        output_index: 0,
        item: messageItem(this.#ids, 'in_progress'),
      }) +
      this.#frame('response.content_part.added', { ...this.#position, part: outputText('') })
    );
  }

  delta(text: string): string {
    this.#text += text;
    return this.#frame('response.output_text.delta', {
      ...this.#position,
      delta: text,
      logprobs: [],
    });
  }

  closing(outputTokens: number): string {
    const text = this.#text;
    return (
      this.#frame('response.output_text.done', { ...this.#position, text, logprobs: [] }) +
      this.#frame('response.content_part.done', { ...this.#position, part: outputText(text) }) +
      this.#frame('response.output_item.done', {
        output_index: 0,
        item: messageItem(this.#ids, 'completed', text),
      }) +
      this.#frame('response.completed', {
        response: completedResponse(this.#ids, this.#echo, text, outputTokens),
      })
    );
  }

  /** After the 200 went out, a failure is told in-band; the text so far stays in `output`. */
  failure(error: PublicError): string {
    const item = messageItem(this.#ids, 'incomplete', this.#text);
    const response = responseObject(this.#ids, this.#echo, {
      status: 'failed',
      output: [item],
      error,
    });
    return (
      this.#frame('error', { code: error.code, message: error.message, param: null }) +
      this.#frame('response.failed', { response })
    );
  }

  #frame(type: string, fields: Record<string, unknown>): string {
    const data = JSON.stringify({ type, sequence_number: this.#sequence++, ...fields });
    return `event: ${type}\ndata: ${data}\n\n`;
  }
}
