// A real browser (Debian chromium via playwright-core) on the chat page, on Node and on the
// Lambda dev server under aws-lambda-ric: tokens render while the answer streams, the page
// says "verified" only after the digest checked, and a cut connection resumes without a gap or
// a repeat. Plus the browser's own EventSource on the GET SSE route.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAnswer } from '../src/llm/local-answers.ts';
import { chat } from './support/chat-page.ts';
import { ARTIFACTS, launchChromium } from './support/chromium.ts';
import { startLambda, startNode, type Target } from './support/targets.ts';

// Realistic pacing, so the first tokens are on screen long before the end.
const ENV = { LOCAL_TOKEN_DELAY_MS: '15-40', LOG_REQUESTS: '0' };

let browser: Browser;
const targets: Record<string, Target> = {};

beforeAll(async () => {
  const [chromium, node, lambda] = await Promise.all([
    launchChromium(),
    startNode(ENV),
    startLambda('ric', ENV),
  ]);
  browser = chromium;
  targets.node = node;
  targets['lambda-ric'] = lambda;
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(targets).map((target) => target.close()));
});

for (const name of ['node', 'lambda-ric']) {
  describe(`chat page on ${name}`, () => {
    it('renders the first tokens before the stream ends and ends verified', async () => {
      const page = await browser.newPage();
      try {
        await page.goto(targets[name]!.url);
        const prompt = 'Tell me about Lambda streaming';
        const outcome = await chat(page, prompt);
        const expected = localAnswer(prompt);
        expect(outcome.firstSeenText.length).toBeGreaterThan(0);
        expect(outcome.firstSeenText.length).toBeLessThan(expected.length);
        expect(expected.startsWith(outcome.firstSeenText)).toBe(true);
        expect(outcome.finalText).toBe(expected);
        expect(outcome.status).toMatch(/^verified \(\d+ events, sha-256\)$/);
        expect(outcome.states).toEqual(['connecting', 'streaming', 'verified']);
        await page.screenshot({ path: `${ARTIFACTS}chat-${name}.png`, fullPage: true });
      } finally {
        await page.close();
      }
    });

    it('with the cut flag: resuming, then verified, with no text missing or repeated', async () => {
      const page = await browser.newPage();
      try {
        await page.goto(targets[name]!.url);
        const prompt = 'Why verify the digest after a cut?';
        const outcome = await chat(page, prompt, 12);
        expect(outcome.finalText).toBe(localAnswer(prompt));
        expect(outcome.status).toMatch(/^verified \(\d+ events, sha-256\)$/);
        expect(outcome.states).toEqual([
          'connecting',
          'streaming',
          'resuming',
          'streaming',
          'verified',
        ]);
        await page.screenshot({ path: `${ARTIFACTS}chat-${name}-resumed.png`, fullPage: true });
      } finally {
        await page.close();
      }
    });
  });
}

describe('native EventSource on GET /api/ticks', () => {
  for (const name of ['node', 'lambda-ric']) {
    it(`receives every tick and the end event, then stops on the 204 (${name})`, async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${targets[name]!.url}/healthz`);
        const result = await page.evaluate(
          () =>
            new Promise<{ ticks: { id: string; data: string }[]; end: string; state: number }>(
              (resolve, reject) => {
                const source = new EventSource('/api/ticks?n=5&intervalMs=20');
                const ticks: { id: string; data: string }[] = [];
                let end = '';
                source.onmessage = (event) =>
                  ticks.push({ id: event.lastEventId, data: event.data });
                source.addEventListener('end', (event) => {
                  end = (event as MessageEvent).data;
                });
                // After `end` the server closes; the reconnect with Last-Event-ID gets 204,
                // which makes EventSource give up for good (readyState CLOSED).
                source.onerror = () => {
                  if (source.readyState === EventSource.CLOSED) resolve({ ticks, end, state: 2 });
                };
                setTimeout(() => reject(new Error(`still open: ${JSON.stringify(ticks)}`)), 15_000);
              },
            ),
        );
        expect(result.ticks).toEqual(
          [1, 2, 3, 4, 5].map((i) => ({ id: String(i), data: `{"tick":${i},"of":5}` })),
        );
        expect(JSON.parse(result.end)).toMatchObject({ v: 1, status: 'complete', count: 5 });
        expect(result.state).toBe(2);
      } finally {
        await page.close();
      }
    });
  }
});
