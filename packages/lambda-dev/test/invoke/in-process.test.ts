import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevServer } from '../../src/types.ts';
import { createGate, type Gate } from '../support.ts';
import { INVOKE_APP, lambdaClient, payload, utf8 } from './clients.ts';

// The same Invoke APIs with the in-process runtime (worker threads, our own runtime loop).
let buffered: DevServer;
let streaming: DevServer;
let client: LambdaClient;
let streamClient: LambdaClient;
let gate: Gate;

beforeAll(async () => {
  gate = await createGate();
  const common = { handler: INVOKE_APP, port: 0, runtime: 'in-process' as const };
  buffered = await startDevServer({ ...common, export: 'buffered', functionName: 'plain' });
  streaming = await startDevServer({ ...common, export: 'streaming', functionName: 'streamy' });
  client = lambdaClient(buffered.url);
  streamClient = lambdaClient(streaming.url);
});

afterAll(async () => {
  client?.destroy();
  streamClient?.destroy();
  await Promise.all([buffered?.close(), streaming?.close()]);
  await gate?.close();
});

describe('Invoke APIs with the in-process runtime', () => {
  it('returns the result, the function error and the log tail', async () => {
    const ok = await client.send(
      new InvokeCommand({
        FunctionName: 'plain',
        LogType: 'Tail',
        Payload: payload({ action: 'log', tag: 'IP' }),
      }),
    );
    expect(JSON.parse(utf8(ok.Payload))).toEqual({ logged: 'IP' });
    const log = Buffer.from(ok.LogResult ?? '', 'base64').toString('utf8');
    expect(log).toContain(`${ok.$metadata.requestId}\tINFO\tlog line IP`);
    expect(log).toContain(`REPORT RequestId: ${ok.$metadata.requestId}`);

    const failed = await client.send(
      new InvokeCommand({ FunctionName: 'plain', Payload: payload({ action: 'fail', tag: 'IP' }) }),
    );
    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(utf8(failed.Payload))).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'bad thing IP',
    });
  });

  it('streams chunk by chunk and reports a mid-stream failure in InvokeComplete', async () => {
    const id = 'ip-gated';
    const out = await streamClient.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'streamy',
        Payload: payload({ action: 'gated', n: 3, id, gate: gate.url }),
      }),
    );
    const seen: string[] = [];
    for await (const event of out.EventStream!) {
      if (event.PayloadChunk) {
        const text = utf8(event.PayloadChunk.Payload);
        seen.push(text);
        const next = Number(/chunk (\d+);$/.exec(text)?.[1]) + 1;
        gate.release(`${id}:${next}`); // only now may the function write the next chunk
      }
      if (event.InvokeComplete) expect(event.InvokeComplete).toEqual({});
    }
    expect(seen.join('')).toBe('chunk 1;chunk 2;chunk 3;');

    const failId = 'ip-fail';
    gate.release(`${failId}:fail`);
    const failed = await streamClient.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'streamy',
        Payload: payload({ action: 'fail-mid', id: failId, gate: gate.url }),
      }),
    );
    let complete: unknown;
    for await (const event of failed.EventStream!) complete = event.InvokeComplete ?? complete;
    expect(complete).toMatchObject({ ErrorCode: 'RangeError', ErrorDetails: 'boom mid-stream' });
  });
});

describe('a function that times out', () => {
  let server: DevServer;
  let timeoutClient: LambdaClient;
  beforeAll(async () => {
    server = await startDevServer({
      handler: INVOKE_APP,
      export: 'buffered',
      functionName: 'slow',
      port: 0,
      runtime: 'in-process',
      timeoutSec: 1,
    });
    timeoutClient = lambdaClient(server.url);
  });
  afterAll(async () => {
    timeoutClient?.destroy();
    await server?.close();
  });

  it('answers 200 + Unhandled with Sandbox.Timedout, worded as Lambda words it', async () => {
    const out = await timeoutClient.send(
      new InvokeCommand({
        FunctionName: 'slow',
        LogType: 'Tail',
        Payload: payload({ action: 'hang' }),
      }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const error = JSON.parse(utf8(out.Payload));
    expect(error.errorType).toBe('Sandbox.Timedout');
    expect(error.errorMessage).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${out.$metadata.requestId} Task timed out after 1.00 seconds$`,
      ),
    );
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    expect(log).toMatch(/Task timed out after 1.00 seconds\nEND RequestId: /);
    expect(log).toMatch(/\tStatus: timeout\n$/);
  });
});
