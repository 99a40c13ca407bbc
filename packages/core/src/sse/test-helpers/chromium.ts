// Headless Chromium's own EventSource, the reference for how a browser parses a body: each case
// is served once from a node:http server, the page reports what EventSource dispatched on that
// first connection. Debian's chromium (scripts/system-deps.sh); CHROMIUM_PATH overrides it.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BrowserCase {
  body: Uint8Array;
  contentType: string;
}

export interface DispatchedByBrowser {
  type: string;
  data: string;
  lastEventId: string;
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The page: one EventSource per case, closed at its first error (end of body or refusal). */
function page(names: string[], types: string[]): string {
  const script = `
    const names = ${JSON.stringify(names)};
    const types = ${JSON.stringify(types)};
    const results = {};
    Promise.all(names.map((name, index) => new Promise((resolve) => {
      const events = [];
      const source = new EventSource('/case/' + index);
      const record = (e) => events.push({ type: e.type, data: e.data, lastEventId: e.lastEventId });
      for (const type of types) source.addEventListener(type, record);
      source.onerror = () => { source.close(); results[name] = events; resolve(); };
    }))).then(() => fetch('/result', { method: 'POST', body: JSON.stringify(results) }));`;
  return `<!doctype html><meta charset="utf-8"><script>${script}</script>`;
}

/** What Chromium's EventSource dispatches (listening to `types`) for each case's body. */
export async function dispatchedByChromium(
  cases: Record<string, BrowserCase>,
  types: string[],
): Promise<Record<string, DispatchedByBrowser[]>> {
  const names = Object.keys(cases);
  let report!: (json: string) => void;
  const reported = new Promise<string>((resolve) => {
    report = resolve;
  });
  const server = createServer((req, res) => {
    const caseIndex = /^\/case\/(\d+)$/.exec(req.url ?? '')?.[1];
    if (req.url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(names, types));
    } else if (caseIndex !== undefined && names[Number(caseIndex)] !== undefined) {
      const { body, contentType } = cases[names[Number(caseIndex)]!]!;
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    } else if (req.url === '/result') {
      let json = '';
      req.setEncoding('utf8');
      req.on('data', (text: string) => {
        json += text;
      });
      req.on('end', () => {
        res.end();
        report(json);
      });
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const profile = await mkdtemp(join(tmpdir(), 'sluice-chromium-'));
  let browser: ChildProcess | undefined;
  try {
    const { port } = server.address() as AddressInfo;
    const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    const args = [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/page`];
    browser = spawn(executable, args, { stdio: 'ignore' });
    const exited = once(browser, 'exit').then(([code]) => {
      throw new Error(`${executable} exited (${code}) before reporting`);
    });
    const spawnFailed = once(browser, 'error').then(([error]) => {
      throw error;
    });
    return JSON.parse(await Promise.race([reported, exited, spawnFailed]));
  } finally {
    if (browser && browser.exitCode === null) {
      const exit = once(browser, 'exit');
      browser.kill();
      await exit;
    }
    server.closeAllConnections();
    server.close();
    await rm(profile, { recursive: true, force: true });
  }
}
