import { EventStreamCodec } from '@smithy/eventstream-codec';

/** The body of an InvokeWithResponseStream response is a sequence of these frames. */
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

/** What InvokeComplete reports; all absent = success. */
export interface InvokeCompleteFields {
  ErrorCode?: string;
  ErrorDetails?: string;
  LogResult?: string;
}

function event(eventType: string, contentType: string, body: Uint8Array): Buffer {
  const frame = codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: contentType },
    },
    body,
  });
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

/** Bytes the function wrote, untouched (an HTTP-integration prelude included). */
export function payloadChunk(bytes: Uint8Array): Buffer {
  return event('PayloadChunk', 'application/octet-stream', bytes);
}

export function invokeComplete(fields: InvokeCompleteFields): Buffer {
  return event('InvokeComplete', 'application/json', Buffer.from(JSON.stringify(fields)));
}
