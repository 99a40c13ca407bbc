// The chat page's script (bundled for the browser by scripts/bundle-client.ts): posts the
// conversation, renders tokens as they arrive with connectSSE, resumes after a cut and says
// honestly what happened: streaming, resuming, verified, or the typed error.
import { connectSSE, SSEError, SSEServerError } from '@sluice/core';

type Role = 'user' | 'assistant';
type State = 'idle' | 'connecting' | 'streaming' | 'resuming' | 'verified' | 'error' | 'stopped';

const form = element<HTMLFormElement>('#chat-form');
const promptInput = element<HTMLTextAreaElement>('#prompt');
const cutBox = element<HTMLInputElement>('#cut');
const cutAfter = element<HTMLInputElement>('#cut-after');
const sendButton = element<HTMLButtonElement>('#send');
const stopButton = element<HTMLButtonElement>('#stop');
const transcript = element<HTMLElement>('#transcript');
const status = element<HTMLElement>('#status');
const timeline = element<HTMLOListElement>('#timeline');

const history: { role: Role; content: string }[] = [];
let running: { controller: AbortController; id: string } | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const prompt = promptInput.value.trim();
  if (prompt === '' || running) return;
  promptInput.value = '';
  void ask(prompt);
});

promptInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

stopButton.addEventListener('click', () => {
  if (!running) return;
  running.controller.abort();
  // Leaving does not stop a resumable answer on the server; this does.
  void fetch(`/api/chat/${running.id}`, { method: 'DELETE' }).catch(() => {});
});

async function ask(prompt: string): Promise<void> {
  const id = randomId();
  const controller = new AbortController();
  running = { controller, id };
  setBusy(true);
  history.push({ role: 'user', content: prompt });
  addBubble('user', prompt);
  const answer = addBubble('assistant', '');
  timeline.replaceChildren();
  setState('connecting', 'connecting');
  let text = '';
  let events = 0;
  let refusal: string | undefined;
  const trackingFetch: typeof fetch = async (input, init) => {
    if (new Headers(init?.headers).has('last-event-id')) {
      setState('resuming', 'connection lost, resuming');
    }
    const response = await fetch(input, init);
    if (!response.ok && response.headers.get('content-type')?.includes('json')) {
      refusal = await describeJsonError(response.clone());
    }
    return response;
  };
  const url = cutBox.checked ? `/api/chat?cut=${Number(cutAfter.value) || 8}` : '/api/chat';
  try {
    const stream = connectSSE(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, messages: history }),
      signal: controller.signal,
      fetch: trackingFetch,
      retryMs: 250,
      onReset: () => {
        text = '';
        events = 0;
        answer.textContent = '';
      },
    });
    for await (const message of stream) {
      events++;
      if (status.dataset.state !== 'streaming') setState('streaming', 'streaming');
      if (message.event !== 'message') continue;
      const data = JSON.parse(message.data) as { type?: string; delta?: string };
      if (data.type === 'text-delta' && typeof data.delta === 'string') {
        text += data.delta;
        answer.textContent = text;
      }
    }
    history.push({ role: 'assistant', content: text });
    setState('verified', `verified (${events} events, sha-256)`);
  } catch (error) {
    history.pop();
    answer.classList.add('failed');
    if (controller.signal.aborted) setState('stopped', 'stopped');
    else setState('error', refusal ?? describe(error));
  } finally {
    running = undefined;
    setBusy(false);
  }
}

function describe(error: unknown): string {
  if (error instanceof SSEServerError && error.serverError) {
    return `error ${error.serverError.code}: ${error.serverError.message}`;
  }
  if (error instanceof SSEError) return `error ${error.code}: ${error.message}`;
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

async function describeJsonError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return `error ${body.error?.code ?? response.status}: ${body.error?.message ?? ''}`;
  } catch {
    return `error ${response.status}`;
  }
}

function setState(state: State, label: string): void {
  status.dataset.state = state;
  status.textContent = label;
  const entry = document.createElement('li');
  entry.dataset.state = state;
  entry.textContent = `${new Date().toLocaleTimeString()} ${label}`;
  timeline.append(entry);
}

function addBubble(role: Role, text: string): HTMLElement {
  const bubble = document.createElement('div');
  bubble.className = `bubble ${role}`;
  bubble.textContent = text;
  transcript.append(bubble);
  bubble.scrollIntoView({ block: 'end' });
  return bubble;
}

function setBusy(busy: boolean): void {
  sendButton.disabled = busy;
  stopButton.disabled = !busy;
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`chat page: ${selector} is missing`);
  return found;
}
