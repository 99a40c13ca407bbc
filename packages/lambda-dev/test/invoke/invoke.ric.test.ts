import {
  InvokeCommand,
  type LambdaClient,
  LambdaServiceException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevServer } from '../../src/types.ts';
import { createGate, eventually, type Gate } from '../support.ts';
import { INVOKE_APP, lambdaClient, payload, utf8 } from './clients.ts';

// A buffered handler under AWS's real runtime client, called with AWS's own SDK.
let server: DevServer;
let client: LambdaClient;
let gate: Gate;
const NAME = 'orders';

beforeAll(async () => {
  gate = await createGate();
  server = await startDevServer({
    handler: INVOKE_APP,
    export: 'buffered',
    functionName: NAME,
    port: 0,
    runtime: 'ric',
    maxRuntimes: 2,
  });
  client = lambdaClient(server.url);
});

function loggedEvent(message: string): boolean {
  return server.logs.some((entry) => entry.kind === 'event' && entry.message === message);
}

afterAll(async () => {
  client?.destroy();
  await server?.close();
  await gate?.close();
});

describe('Invoke (RequestResponse) with @aws-sdk/client-lambda', () => {
  it('hands the raw payload to the handler and returns its result', async () => {
    const out = await client.send(
      new InvokeCommand({ FunctionName: NAME, Payload: payload({ hello: 'world' }) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(out.FunctionError).toBeUndefined();
    expect(out.LogResult).toBeUndefined();
    const result = JSON.parse(utf8(out.Payload));
    expect(result.event).toEqual({ hello: 'world' });
    expect(result.functionName).toBe(NAME);
    expect(result.invokedFunctionArn).toBe(
      `arn:aws:lambda:us-east-1:123456789012:function:${NAME}`,
    );
    // x-amzn-RequestId is the invocation's own request id.
    expect(out.$metadata.requestId).toBe(result.requestId);
  });

  it('invokes with {} when there is no payload, and passes ClientContext on', async () => {
    const context = { custom: { tenant: 't1' } };
    const out = await client.send(
      new InvokeCommand({
        FunctionName: NAME,
        ClientContext: Buffer.from(JSON.stringify(context)).toString('base64'),
      }),
    );
    const result = JSON.parse(utf8(out.Payload));
    expect(result.event).toEqual({});
    expect(result.clientContext).toMatchObject(context);
  });

  it('reports a thrown error as FunctionError Unhandled with the runtime error JSON', async () => {
    const out = await client.send(
      new InvokeCommand({ FunctionName: NAME, Payload: payload({ action: 'fail', tag: 'T1' }) }),
    );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    const error = JSON.parse(utf8(out.Payload));
    expect(error.errorType).toBe('TypeError');
    expect(error.errorMessage).toBe('bad thing T1');
    expect(Array.isArray(error.trace)).toBe(true);
  });

  it('returns the tail of that invocation only, with Tail logs', async () => {
    // Another invocation prints at the same time: its lines must not show up.
    const other = client.send(
      new InvokeCommand({
        FunctionName: NAME,
        Payload: payload({ action: 'gated', gate: gate.url, key: 'tail-other' }),
      }),
    );
    await gate.reached('tail-other');
    const out = await client.send(
      new InvokeCommand({
        FunctionName: NAME,
        LogType: 'Tail',
        Payload: payload({ action: 'log', tag: 'MINE' }),
      }),
    );
    gate.release('tail-other');
    await other;
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    const id = out.$metadata.requestId;
    expect(log).toContain(`START RequestId: ${id} Version: $LATEST`);
    expect(log).toMatch(/INFO\tlog line MINE/);
    expect(log).toMatch(/ERROR\terror line MINE/);
    expect(log).toContain(`END RequestId: ${id}`);
    expect(log).toMatch(new RegExp(`REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms`));
    expect(log).not.toContain('waiting for tail-other');
    expect(JSON.parse(utf8(out.Payload))).toEqual({ logged: 'MINE' });
  });

  it('keeps only the last 4 KB of the log', async () => {
    const out = await client.send(
      new InvokeCommand({
        FunctionName: NAME,
        LogType: 'Tail',
        Payload: payload({ action: 'log', tag: 'L'.repeat(5000) }),
      }),
    );
    const log = Buffer.from(out.LogResult ?? '', 'base64');
    expect(log.length).toBe(4096);
    expect(log.toString('utf8')).toContain(`REPORT RequestId: ${out.$metadata.requestId}`);
  });

  it('answers an Event invoke with 202 and runs it in the background', async () => {
    const out = await client.send(
      new InvokeCommand({
        FunctionName: NAME,
        InvocationType: 'Event',
        Payload: payload({ action: 'gated', gate: gate.url, key: 'event-1' }),
      }),
    );
    expect(out.StatusCode).toBe(202);
    expect(out.Payload).toBeFalsy();
    // The 202 came first; the function runs now and holds a runtime until released.
    await gate.reached('event-1');
    expect(server.stats().busy).toBeGreaterThanOrEqual(1);
    gate.release('event-1');
    await eventually(() => server.stats().busy === 0, 'the Event invoke to end');

    const failing = await client.send(
      new InvokeCommand({
        FunctionName: NAME,
        InvocationType: 'Event',
        Payload: payload({ action: 'fail', tag: 'EV' }),
      }),
    );
    expect(failing.StatusCode).toBe(202);
    await eventually(
      () => loggedEvent(`Event invoke of ${NAME} failed: TypeError: bad thing EV`),
      'the failed Event invoke in the log',
    );
  });

  it('answers DryRun with 204 without running the function', async () => {
    const before = server.logs.filter((entry) => entry.kind === 'runtime').length;
    const out = await client.send(
      new InvokeCommand({
        FunctionName: NAME,
        InvocationType: 'DryRun',
        Payload: payload({ action: 'log', tag: 'DRY' }),
      }),
    );
    expect(out.StatusCode).toBe(204);
    expect(out.Payload).toBeFalsy();
    const printed = server.logs
      .slice(before)
      .some((e) => e.kind === 'runtime' && e.line.includes('DRY'));
    expect(printed).toBe(false);
  });

  it('throws ResourceNotFoundException for an unknown function', async () => {
    const error = await client
      .send(new InvokeCommand({ FunctionName: 'nope', Payload: payload({}) }))
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((error as Error).message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope',
    );
  });

  it('accepts every FunctionName form Lambda accepts, qualified by $LATEST or not', async () => {
    const forms = [
      'invoke-app', // the file name
      `${NAME}:$LATEST`,
      `123456789012:function:${NAME}`,
      `arn:aws:lambda:us-east-1:123456789012:function:${NAME}`,
      `arn:aws:lambda:eu-west-1:123456789012:function:${NAME}:$LATEST`,
    ];
    for (const FunctionName of forms) {
      const out = await client.send(
        new InvokeCommand({
          FunctionName,
          Qualifier: '$LATEST',
          Payload: payload({ form: FunctionName }),
        }),
      );
      expect(JSON.parse(utf8(out.Payload)).event, FunctionName).toEqual({ form: FunctionName });
    }
  });

  it('refuses other qualifiers and conflicting ones as AWS does', async () => {
    const missing = await client
      .send(new InvokeCommand({ FunctionName: `${NAME}:prod`, Payload: payload({}) }))
      .catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toContain(`function:${NAME}:prod`);

    const conflict = (await client
      .send(new InvokeCommand({ FunctionName: `${NAME}:$LATEST`, Qualifier: 'prod' }))
      .catch((err: unknown) => err)) as LambdaServiceException;
    expect(conflict.name).toBe('InvalidParameterValueException');
    expect(conflict.$metadata.httpStatusCode).toBe(400);

    const invalid = (await client
      .send(new InvokeCommand({ FunctionName: 'a/b c' }))
      .catch((err: unknown) => err)) as LambdaServiceException;
    expect(invalid).toBeInstanceOf(LambdaServiceException);
    expect(invalid.name).toBe('ValidationException');
  });

  it('refuses a payload that is not JSON, and one over 6 MB (1 MB for Event)', async () => {
    const notJson = (await client
      .send(new InvokeCommand({ FunctionName: NAME, Payload: Buffer.from('test data') }))
      .catch((err: unknown) => err)) as LambdaServiceException;
    expect(notJson.name).toBe('InvalidRequestContentException');

    const big = Buffer.from(JSON.stringify('x'.repeat(6 * 1024 * 1024)));
    const tooBig = (await client
      .send(new InvokeCommand({ FunctionName: NAME, Payload: big }))
      .catch((err: unknown) => err)) as LambdaServiceException;
    expect(tooBig.name).toBe('RequestEntityTooLargeException');
    expect(tooBig.$metadata.httpStatusCode).toBe(413);

    const eventBig = Buffer.from(JSON.stringify('x'.repeat(1024 * 1024)));
    const eventTooBig = (await client
      .send(new InvokeCommand({ FunctionName: NAME, InvocationType: 'Event', Payload: eventBig }))
      .catch((err: unknown) => err)) as LambdaServiceException;
    expect(eventTooBig.name).toBe('RequestEntityTooLargeException');
    expect(eventTooBig.message).toMatch(
      /too large for the Event invocation type \(limit 1048576 bytes\)/,
    );
  });

  it('fails a result over 6 MB as Function.ResponseSizeTooLarge', async () => {
    const out = await client.send(
      new InvokeCommand({
        FunctionName: NAME,
        Payload: payload({ action: 'big', bytes: 7_000_000 }),
      }),
    );
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(utf8(out.Payload)).errorType).toBe('Function.ResponseSizeTooLarge');
  });

  it('throws TooManyRequestsException when every runtime is busy', async () => {
    const held = ['busy-1', 'busy-2'].map((key) =>
      client.send(
        new InvokeCommand({
          FunctionName: NAME,
          Payload: payload({ action: 'gated', gate: gate.url, key }),
        }),
      ),
    );
    await gate.reached('busy-1');
    await gate.reached('busy-2');
    const error = (await client
      .send(new InvokeCommand({ FunctionName: NAME, Payload: payload({}) }))
      .catch((err: unknown) => err)) as LambdaServiceException;
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.$metadata.httpStatusCode).toBe(429);
    // An Event invoke is accepted (202) all the same; that no runtime took it is logged.
    const event = await client.send(
      new InvokeCommand({ FunctionName: NAME, InvocationType: 'Event', Payload: payload({}) }),
    );
    expect(event.StatusCode).toBe(202);
    await eventually(
      () => loggedEvent(`Event invoke of ${NAME} dropped: all 2 runtimes are busy`),
      'the dropped Event invoke in the log',
    );
    gate.release('busy-1');
    gate.release('busy-2');
    await Promise.all(held);
  });
});
