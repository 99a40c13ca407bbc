// Bytes to events, as the HTML standard's EventSource parses them: UTF-8 whatever the charset,
// exactly one leading BOM ignored, then eventsource-parser's line and field rules.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type { EventSourceMessage };

export interface EventParser {
  /** Parses the next chunk (`undefined`: the input ended); returns the events it completed. */
  push(chunk: Uint8Array | undefined): EventSourceMessage[];
  /** True once an unfinished line or event grew past `maxEventSize` (parsing then stops). */
  readonly overflowed: boolean;
}

export interface EventParserOptions {
  /** Characters one unfinished line or event may hold; `Infinity` for no bound. */
  maxEventSize: number;
  /** A valid `retry:` field (an invalid one is ignored, as the standard says). */
  onRetry?: ((retryMs: number) => void) | undefined;
}

export function createEventParser(options: EventParserOptions): EventParser {
  // The standard's UTF-8 decode: strips one leading BOM, and only one.
  const decoder = new TextDecoder();
  let parsed: EventSourceMessage[] = [];
  let overflowed = false;
  const parser = createParser({
    onEvent: (message) => {
      parsed.push(message);
    },
    onRetry: options.onRetry,
    // Other parse errors (unknown fields, a bad retry:) are ignored, as the standard says.
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') overflowed = true;
    },
    maxBufferSize: Number.isFinite(options.maxEventSize) ? options.maxEventSize : undefined,
  });
  // eventsource-parser also strips a BOM from the start of its input: after the decoder's, that
  // would be a second one (EF BB BF EF BB BF would lose none of its first event). Its input
  // therefore starts with an empty line, which dispatches nothing.
  parser.feed('\n');
  return {
    push(chunk) {
      parser.feed(chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true }));
      const completed = parsed;
      parsed = [];
      return completed;
    },
    get overflowed() {
      return overflowed;
    },
  };
}
