import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { eventually, logFor, readAll, readUntil, useDevServer } from '../support.ts';

const run = promisify(execFile);

// Failures and disconnects, through AWS's real runtime client.
const dev = useDevServer({ timeoutSec: 20 });

describe('failures through aws-lambda-ric', () => {
  it('cuts the client connection when the handler fails after the first byte', async () => {
    const response = await fetch(`${dev.server.url}/fail-after`);
    expect(response.status).toBe(200);
    const { body, cut } = await readAll(response);
    expect(cut).toBe(true);
    expect(body.toString()).toBe('data: partial\n\n');
    const entry = await logFor(dev.server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({
      outcome: 'error-trailer',
      status: 200,
      errorType: 'Error',
      errorMessage: 'boom after first byte',
    });
    // curl sees the same: a transfer closed before its final chunk (exit code 18).
    const curl = await run('curl', ['-s', `${dev.server.url}/fail-after`]).catch((err) => err);
    expect(curl.code).toBe(18);
  });

  it('answers 502 like a Function URL when the handler fails before any byte', async () => {
    const response = await fetch(`${dev.server.url}/fail-before`);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ Message: 'Internal Server Error' });
    const entry = await logFor(dev.server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({
      outcome: 'error',
      status: 502,
      errorType: 'TypeError',
      errorMessage: 'boom before first byte',
    });
  });

  it('rejects a prelude without its NUL delimiter in the first 16 KB with a clear error', async () => {
    const response = await fetch(`${dev.server.url}/malformed`);
    expect(response.status).toBe(502);
    const entry = await logFor(dev.server, response.headers.get('x-amzn-requestid'));
    expect(entry.errorType).toBe('Runtime.MalformedPrelude');
    expect(entry.errorMessage).toMatch(/No 8-NUL-byte delimiter within the first 16384 bytes/);
  });

  it('answers 502 when the runtime process crashes, then serves from a fresh one', async () => {
    const response = await fetch(`${dev.server.url}/crash`);
    expect(response.status).toBe(502);
    const entry = await logFor(dev.server, response.headers.get('x-amzn-requestid'));
    expect(entry).toMatchObject({ outcome: 'error', errorType: 'Runtime.ExitError' });
    expect(entry.errorMessage).toMatch(/Runtime exited with error: exit status 3/);
    const next = await fetch(`${dev.server.url}/hello`);
    expect(await next.text()).toBe('hello\n');
    const nextEntry = await logFor(dev.server, next.headers.get('x-amzn-requestid'));
    expect(nextEntry.runtimeId).not.toBe(entry.runtimeId);
  });

  it('keeps running an invocation whose client left, discarding its output', async () => {
    const id = 'gone';
    const controller = new AbortController();
    const response = await fetch(`${dev.server.url}/abandoned?id=${id}&gate=${dev.gate.url}`, {
      signal: controller.signal,
    });
    const requestId = response.headers.get('x-amzn-requestid');
    await readUntil(response.body!.getReader(), { text: '' }, 'data: first');
    controller.abort();
    dev.gate.release(`${id}:continue`);
    // The handler writes 50 more events after the client left and still reaches its end.
    await dev.gate.reached(`${id}:finished`);
    dev.gate.release(`${id}:finished`);
    const entry = await logFor(dev.server, requestId);
    expect(entry.outcome).toBe('client-gone');
    expect(entry.bytes).toBeLessThan(50_000);
    await eventually(() => dev.server.stats().busy === 0, 'the slot to be free');
  });

  it('answers 413 to a request body over 6 MB', async () => {
    const response = await fetch(`${dev.server.url}/echo`, {
      method: 'POST',
      body: Buffer.alloc(6 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { Message: string }).Message).toMatch(
      /smaller than 6291456/,
    );
  });
});
