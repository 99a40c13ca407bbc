// The embedded model's answers: real, deterministic text picked by what the prompt is about.

interface CannedAnswer {
  keywords: readonly string[];
  text: string;
}

const ANSWERS: readonly CannedAnswer[] = [
  {
    keywords: ['lambda', 'aws', 'serverless', 'deploy'],
    text:
      'On AWS Lambda, sluice turns your app into a response-streaming handler. The Function URL ' +
      '(or an API Gateway REST API in STREAM mode) sends the request as an event; the adapter ' +
      'builds a web Request from it, calls your app, and writes the Response to the runtime as ' +
      'it is produced: a JSON prelude with status, headers and cookies, eight NUL bytes, then the ' +
      'body chunk by chunk. The first 6 MB go out at full speed, then about 2 MB/s, up to 200 MB. ' +
      'A client that disconnects is not seen by Lambda, so the adapter aborts request.signal when ' +
      'the stream closes or the deadline approaches.',
  },
  {
    keywords: ['sse', 'resume', 'event', 'digest', 'verify', 'checksum', 'cut'],
    text:
      'Every stream sluice sends ends with an end event that carries the number of events, their ' +
      'byte total and a sha-256 digest. A stream cut by a timeout or a dropped connection looks ' +
      'finished to most clients; this one does not. The reader recomputes the digest as events ' +
      'arrive and accepts the answer only when end matches. With an event store the server ' +
      'keeps the events, so a client that lost its connection reconnects with Last-Event-ID, ' +
      'gets exactly the events it missed, and still verifies the whole answer.',
  },
  {
    keywords: ['gzip', 'proxy', 'compress', 'download', 'bytes'],
    text:
      'A proxy that decodes gzip and forgets to drop Content-Encoding corrupts the body, and one ' +
      'that re-encodes it wastes CPU. sluice forwards the upstream bytes untouched: same status, ' +
      'same headers minus hop-by-hop ones, the compressed body handed over as a stream, never ' +
      'buffered. Try /api/proxy/fixtures/large.json.gz for twenty megabytes of precompressed ' +
      'JSON, or /api/download?mb=50 for a CSV generated row by row with flat memory.',
  },
];

const FALLBACK =
  "I am the demo's built-in model: no key, no network, just a deterministic generator that " +
  'streams a real answer token by token, so you can watch the transport at work. Each token ' +
  'is an SSE event; the last one is end, whose digest your browser checks before it says ' +
  'verified. Tick "cut the connection" and send again: the server drops the response ' +
  'mid-answer, the page resumes with Last-Event-ID, and the text continues without a gap or a ' +
  'repeat. Set LLM_BASE_URL to talk to a real OpenAI-compatible model instead.';

/** The full answer the embedded model gives to `prompt`. */
export function localAnswer(prompt: string): string {
  const words = prompt.toLowerCase();
  const topic = ANSWERS.find((answer) => answer.keywords.some((word) => words.includes(word)));
  const quoted = prompt.trim().replace(/\s+/g, ' ').slice(0, 80);
  const opening = quoted ? `You asked: "${quoted}". ` : '';
  return opening + (topic?.text ?? FALLBACK);
}

/** Splits text into model-like tokens: a word with its leading space, long words in pieces. */
export function tokenize(text: string): string[] {
  return text.match(/\s*[^\s]{1,7}/g) ?? [];
}
