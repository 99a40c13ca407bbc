// The body of POST /v1/responses, read into the chat messages every provider takes: `input` (a
// string, or message items with text content) after `instructions` as a system message. This
// server keeps no responses, so references to stored ones are refused with a reason.
import { BadRequestError } from '../http-errors.ts';
import { MAX_CONTENT, MAX_MESSAGES } from './messages.ts';
import type { ChatMessage } from './types.ts';

export interface ResponsesRequest {
  stream: boolean;
  /** Echoed in the Response object, as OpenAI does. */
  instructions: string | null;
  messages: ChatMessage[];
}

const ROLES: Record<string, ChatMessage['role']> = {
  user: 'user',
  assistant: 'assistant',
  system: 'system',
  developer: 'system',
};
const TEXT_PARTS = new Set(['input_text', 'output_text']);

export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('INVALID_REQUEST', 'The body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const { stream, instructions } = fields;
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') {
    throw new BadRequestError('INVALID_REQUEST', '"stream" must be a boolean');
  }
  if (instructions !== undefined && instructions !== null && typeof instructions !== 'string') {
    throw new BadRequestError('INVALID_REQUEST', '"instructions" must be a string');
  }
  for (const name of ['previous_response_id', 'conversation', 'prompt']) {
    if (fields[name] !== undefined && fields[name] !== null) {
      throw unsupported(`"${name}" is not supported: this server keeps no responses or prompts`);
    }
  }
  const messages = inputMessages(fields.input);
  if (typeof instructions === 'string' && instructions !== '') {
    messages.unshift({ role: 'system', content: checkedLength(instructions, '"instructions"') });
  }
  if (messages.length > MAX_MESSAGES) {
    throw invalid(`"input" holds at most ${MAX_MESSAGES} messages`);
  }
  return { stream: stream === true, instructions: instructions ?? null, messages };
}

function inputMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string' && input !== '') {
    return [{ role: 'user', content: checkedLength(input, '"input"') }];
  }
  if (!Array.isArray(input) || input.length === 0) {
    throw invalid('"input" must be a non-empty string or an array of messages');
  }
  return input.map((item, index) => inputMessage(item, `input[${index}]`));
}

function inputMessage(item: unknown, where: string): ChatMessage {
  if (typeof item !== 'object' || item === null) throw invalid(`${where} must be an object`);
  const { type, role, content } = item as Record<string, unknown>;
  if (type === 'item_reference') {
    throw unsupported(
      `${where}: item_reference is not supported, this server keeps no responses: send the ` +
        'message itself (AI SDK: providerOptions: { openai: { store: false } })',
    );
  }
  if (type !== undefined && type !== 'message') {
    // function_call_output, reasoning, ...: they need tools or a reasoning model.
    throw unsupported(`${where}: "${String(type)}" items are not supported, only messages`);
  }
  const mapped = typeof role === 'string' ? ROLES[role] : undefined;
  if (mapped === undefined) {
    throw invalid(`${where}.role must be user, assistant, system or developer`);
  }
  return { role: mapped, content: checkedLength(messageText(content, where), `${where}.content`) };
}

/** A string, or text parts (`input_text`, `output_text`) joined by newlines. */
function messageText(content: unknown, where: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw invalid(`${where}.content must be a string or an array`);
  return content
    .map((part, index) => {
      const { type, text } = (part ?? {}) as { type?: unknown; text?: unknown };
      if (typeof type !== 'string' || !TEXT_PARTS.has(type)) {
        throw unsupported(`${where}.content[${index}]: only text parts are supported`);
      }
      if (typeof text !== 'string') throw invalid(`${where}.content[${index}].text must be text`);
      return text;
    })
    .join('\n');
}

function checkedLength(text: string, where: string): string {
  if (text.length > MAX_CONTENT) throw invalid(`${where} is longer than ${MAX_CONTENT} characters`);
  return text;
}

function invalid(message: string): BadRequestError {
  return new BadRequestError('INVALID_INPUT', message);
}

function unsupported(message: string): BadRequestError {
  return new BadRequestError('UNSUPPORTED_INPUT', message);
}
