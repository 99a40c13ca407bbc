// Runs the reader's parser over a whole body, reporting what an EventSource would dispatch.
import { createEventParser } from '../event-parser.ts';

export interface Dispatched {
  type: string;
  data: string;
  lastEventId: string;
}

/** Events of `body` fed in pieces cut at `cuts`, with EventSource's persisting lastEventId. */
export function parseAll(
  body: Uint8Array,
  cuts: number[] = [],
): { events: Dispatched[]; retryMs: number | undefined } {
  let retryMs: number | undefined;
  const parser = createEventParser({
    maxEventSize: Number.POSITIVE_INFINITY,
    onRetry: (value) => {
      retryMs = value;
    },
  });
  const bounds = [0, ...cuts, body.length];
  const messages = bounds
    .slice(1)
    .flatMap((end, i) => parser.push(body.subarray(bounds[i], end)))
    .concat(parser.push(undefined));
  let lastEventId = '';
  const events = messages.map((message) => {
    if (message.id !== undefined) lastEventId = message.id;
    return { type: message.event ?? 'message', data: message.data, lastEventId };
  });
  return { events, retryMs };
}
