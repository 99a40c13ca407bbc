// OpenAI's chat completions wire format, exactly: chunk objects as `data:` lines, `data: [DONE]`.

export interface CompletionIds {
  id: string;
  created: number;
  model: string;
}

export function newCompletionIds(model: string): CompletionIds {
  const id = `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`;
  return { id, created: Math.floor(Date.now() / 1000), model };
}

type Delta = { role?: 'assistant'; content?: string };

export function chunk(ids: CompletionIds, delta: Delta, finishReason: 'stop' | null = null) {
  return {
    id: ids.id,
    object: 'chat.completion.chunk',
    created: ids.created,
    model: ids.model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

export function usage(promptTokens: number, completionTokens: number) {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

export function completion(
  ids: CompletionIds,
  content: string,
  tokens: number,
  promptTokens: number,
) {
  return {
    id: ids.id,
    object: 'chat.completion',
    created: ids.created,
    model: ids.model,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: usage(promptTokens, tokens),
  };
}

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export function openAIError(status: number, code: string, message: string): Response {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  return Response.json({ error: { message, type, param: null, code } }, { status });
}

export function dataLine(value: unknown): string {
  return `data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`;
}

/** A rough prompt size (OpenAI counts tokens; about four characters each). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
