// The chat page driven the way a person uses it: type a prompt, send, watch the answer arrive.
import type { Page } from 'playwright-core';

export interface ChatOutcome {
  firstSeenText: string;
  finalText: string;
  status: string;
  states: string[];
}

export async function chat(page: Page, prompt: string, cutAfter?: number): Promise<ChatOutcome> {
  if (cutAfter !== undefined) {
    await page.check('#cut');
    await page.fill('#cut-after', String(cutAfter));
  }
  await page.fill('#prompt', prompt);
  await page.click('#send');
  const answer = page.locator('.bubble.assistant').last();
  // Text on screen while the page still says "streaming": the answer is not over yet.
  const firstSeen = await page.waitForFunction(() => {
    const bubbles = document.querySelectorAll('.bubble.assistant');
    const text = bubbles[bubbles.length - 1]?.textContent ?? '';
    const state = document.querySelector<HTMLElement>('#status')?.dataset.state;
    return text.length > 0 && state === 'streaming' ? text : false;
  });
  const firstSeenText = (await firstSeen.jsonValue()) as string;
  await page.waitForFunction(
    () =>
      ['verified', 'error'].includes(
        document.querySelector<HTMLElement>('#status')!.dataset.state!,
      ),
    undefined,
    { timeout: 30_000 },
  );
  const states = await page.$$eval('#timeline li', (items) => items.map((li) => li.dataset.state!));
  return {
    firstSeenText,
    finalText: (await answer.textContent()) ?? '',
    status: (await page.textContent('#status')) ?? '',
    states,
  };
}
