/** One chat message, as OpenAI's chat completions API takes it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Where answers come from: the embedded generator or an OpenAI-compatible upstream. */
export interface LLMProvider {
  /** The model name reported to clients. */
  readonly model: string;
  /**
   * Yields the answer's text deltas. Aborting `signal` stops it promptly (the upstream request
   * is cancelled); failures reject with `LLMError`.
   */
  stream(messages: readonly ChatMessage[], signal: AbortSignal): AsyncIterable<string>;
}

export type LLMErrorCode =
  | 'LLM_UPSTREAM_UNREACHABLE'
  | 'LLM_UPSTREAM_STATUS'
  | 'LLM_UPSTREAM_ERROR'
  | 'LLM_UPSTREAM_TRUNCATED'
  | 'LLM_UPSTREAM_INVALID';

/** A provider failure whose `code` and `message` are safe to show to the client. */
export class LLMError extends Error {
  readonly code: LLMErrorCode;
  /** The upstream's HTTP status, when it answered with an error status. */
  readonly status: number | undefined;
  constructor(code: LLMErrorCode, message: string, options?: ErrorOptions & { status?: number }) {
    super(message, options);
    this.name = 'LLMError';
    this.code = code;
    this.status = options?.status;
  }
}

/** A failure as a client may see it: a code (lower case, as in OpenAI's errors) and a message. */
export interface PublicError {
  code: string;
  message: string;
}
