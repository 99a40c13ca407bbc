// The embedded provider: a deterministic answer streamed token by token with realistic pacing,
// so the demo works offline and with no key.
import { localAnswer, tokenize } from './local-answers.ts';
import type { ChatMessage, LLMProvider } from './types.ts';

export interface LocalProviderOptions {
  /** Delay before each token, drawn between these bounds (ms). Default [15, 40]. */
  tokenDelayMs?: readonly [number, number];
}

export const LOCAL_MODEL = 'sluice-local-1';

export function localProvider(options: LocalProviderOptions = {}): LLMProvider {
  const [minMs, maxMs] = options.tokenDelayMs ?? [15, 40];
  return {
    model: LOCAL_MODEL,
    async *stream(messages, signal) {
      const prompt = lastUserMessage(messages);
      const random = seededRandom(prompt);
      for (const token of tokenize(localAnswer(prompt))) {
        await sleep(minMs + random() * (maxMs - minMs), signal);
        yield token;
      }
    },
  };
}

export function lastUserMessage(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role === 'user') return message.content;
  }
  return '';
}

/** mulberry32 seeded with the FNV-1a hash of `seed`: the same prompt gets the same pacing. */
function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
