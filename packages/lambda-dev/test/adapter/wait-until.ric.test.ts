// waitUntil (Hono: c.executionCtx.waitUntil) under the real aws-lambda-ric in the dev server:
// the client gets its answer at once, the invocation (its log entry) ends only after the task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BundledHandler,
  bundleHandler,
} from '../../../adapter-lambda/test-fixtures/adapter/bundle.ts';
import type { DevLogEntry, DevRequestLog } from '../../src/types.ts';
import { fetchRaw, type Harness, startHarness } from '../harness.ts';
import { createGate, type Gate } from '../support.ts';

let bundle: BundledHandler;
let streaming: Harness;
let buffered: Harness;
let gate: Gate;
/** Keys whose task knocked at `key:done`, i.e. completed. */
const completed = new Set<string>();
/** Per request log entry: whether its task had completed when the entry was written. */
const completedAtLog = new Map<string, boolean>();

function recordLog(entry: DevLogEntry): void {
  const key = entry.kind === 'request' ? /[?&]key=([^&]+)/.exec(entry.path)?.[1] : undefined;
  if (entry.kind === 'request' && key) completedAtLog.set(entry.requestId, completed.has(key));
}

/** Gives a runtime that would (wrongly) end the invocation early time to show it. */
const graceForABug = () => new Promise((resolve) => setTimeout(resolve, 200));

beforeAll(async () => {
  bundle = await bundleHandler(`
    import { handle, streamHandle } from '@sluice/adapter-lambda';
    import { createTestApp } from '#test-app';
    const app = createTestApp();
    export const handler = streamHandle(app);
    export const buffered = handle(app);
  `);
  [streaming, buffered, gate] = await Promise.all([
    startHarness({ handler: bundle.file, mode: 'url', timeoutSec: 30, onLog: recordLog }),
    startHarness({ handler: bundle.file, export: 'buffered', mode: 'url', timeoutSec: 30 }),
    createGate(),
  ]);
});

afterAll(async () => {
  await Promise.all([streaming?.close(), buffered?.close(), gate?.close()]);
  await bundle?.remove();
});

const entryOf = (h: Harness, requestId: unknown) =>
  h.logs.find((e): e is DevRequestLog => e.kind === 'request' && e.requestId === requestId);

/** Becomes true once the task knocked at `key:done` (answered at once: released beforehand). */
function taskDone(key: string): () => boolean {
  gate.release(`${key}:done`);
  void gate.reached(`${key}:done`).then(() => completed.add(key));
  return () => completed.has(key);
}

describe('waitUntil under aws-lambda-ric', () => {
  it('streamHandle: the response is complete at once, the invocation ends after the task', async () => {
    const finished = taskDone('s1');
    const response = await fetchRaw(
      `${streaming.server.url}/wait-until?key=s1&gate=${encodeURIComponent(gate.url)}`,
    );
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('answered');
    const requestId = response.headers['x-amzn-requestid'];
    // The whole body is here while the task still waits at the gate: the invocation runs on.
    await gate.reached('s1');
    await graceForABug();
    expect(entryOf(streaming, requestId)).toBeUndefined();
    gate.release('s1');
    const entry = await streaming.waitForLog((e) => e === entryOf(streaming, requestId));
    expect(completedAtLog.get(String(requestId))).toBe(true);
    expect(finished()).toBe(true);
    expect(entry).toMatchObject({ outcome: 'ok', status: 200, bytes: 8 });
  });

  it('handle: the buffered result goes out only once the task settled', async () => {
    const finished = taskDone('b1');
    let answeredBeforeTheTask: boolean | undefined;
    const pending = fetchRaw(
      `${buffered.server.url}/wait-until?key=b1&gate=${encodeURIComponent(gate.url)}`,
    ).then((response) => {
      answeredBeforeTheTask = !finished();
      return response;
    });
    await gate.reached('b1');
    await graceForABug();
    expect(answeredBeforeTheTask).toBeUndefined();
    gate.release('b1');
    const response = await pending;
    expect(answeredBeforeTheTask).toBe(false);
    expect(response.body.toString()).toBe('answered');
  });

  it('logs a rejected task; the invocation succeeds and the runtime lives on', async () => {
    const first = await fetchRaw(`${streaming.server.url}/wait-until-reject`);
    expect(first.body.toString()).toBe('answered');
    await streaming.waitForLog(
      (e) => e.kind === 'runtime' && e.line.includes('background task failed on purpose'),
    );
    const entry = await streaming.waitForLog(
      (e) => e === entryOf(streaming, first.headers['x-amzn-requestid']),
    );
    expect(entry).toMatchObject({ outcome: 'ok' });
    const next = await fetchRaw(`${streaming.server.url}/text`);
    const nextEntry = await streaming.waitForLog(
      (e) => e === entryOf(streaming, next.headers['x-amzn-requestid']),
    );
    expect((nextEntry as DevRequestLog).runtimeId).toBe((entry as DevRequestLog).runtimeId);
    expect(streaming.logs.some((e) => e.kind === 'event' && e.level === 'error')).toBe(false);
  });
});
