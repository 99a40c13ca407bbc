// Validation of chat input, shared by /api/chat and /v1/chat/completions (/v1/responses uses
// the same limits).
import { BadRequestError } from '../http-errors.ts';
import type { ChatMessage } from './types.ts';

const ROLES = new Set(['system', 'user', 'assistant']);
export const MAX_MESSAGES = 50;
export const MAX_CONTENT = 16_000;

/** `messages` as OpenAI's API takes them; 400 `INVALID_MESSAGES` otherwise. */
export function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_MESSAGES) {
    throw invalid(`"messages" must be an array of 1 to ${MAX_MESSAGES} messages`);
  }
  return value.map((item, index) => {
    const { role, content } = (item ?? {}) as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !ROLES.has(role)) {
      throw invalid(`messages[${index}].role must be system, user or assistant`);
    }
    if (typeof content !== 'string' || content.length > MAX_CONTENT) {
      throw invalid(`messages[${index}].content must be a string of at most ${MAX_CONTENT} chars`);
    }
    return { role: role as ChatMessage['role'], content };
  });
}

function invalid(message: string): BadRequestError {
  return new BadRequestError('INVALID_MESSAGES', message);
}
