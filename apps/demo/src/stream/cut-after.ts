// The chat's "cut the connection" flag: the body ends cleanly after N content events, without
// `end`, exactly like a connection lost mid-answer. The client must notice and resume.

const FRAME_END = '\n\n';

/** Forwards `body` (an SSE stream) and closes it right after its `events`-th content event. */
export function cutAfterEvents(
  body: ReadableStream<Uint8Array>,
  events: number,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffered = '';
  let seen = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await reader.read();
        if (chunk.done) {
          controller.close();
          return;
        }
        buffered += decoder.decode(chunk.value, { stream: true });
        let out = '';
        let at = buffered.indexOf(FRAME_END);
        while (at !== -1) {
          const frame = buffered.slice(0, at + FRAME_END.length);
          buffered = buffered.slice(frame.length);
          out += frame;
          // Content events start with their id; `end`, `reset`, `retry:` and comments do not.
          if (frame.startsWith('id:') && ++seen >= events) {
            controller.enqueue(encoder.encode(out));
            controller.close();
            await reader.cancel().catch(() => {});
            return;
          }
          at = buffered.indexOf(FRAME_END);
        }
        if (out) controller.enqueue(encoder.encode(out));
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
