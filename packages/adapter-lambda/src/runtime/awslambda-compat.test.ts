import { describe, expect, it } from 'vitest';
import { capturingSink } from '../../test-fixtures/adapter/response-sink.ts';
import {
  awslambdaCompat,
  HttpResponseStream,
  hookFirstWrite,
  resolveAwsLambda,
  streamifyResponse,
} from './awslambda-compat.ts';
import { HANDLER_HIGHWATERMARK, HANDLER_STREAMING, PRELUDE_CONTENT_TYPE } from './protocol.ts';

const prelude = { statusCode: 201, headers: { 'content-type': 'text/plain' }, cookies: ['a=1'] };

describe('streamifyResponse (compat)', () => {
  it('tags the same function with the keys aws-lambda-ric reads', () => {
    const handler = async () => {};
    const tagged = streamifyResponse(handler, { highWaterMark: 1024 });
    expect(tagged).toBe(handler);
    const symbols = tagged as unknown as Record<symbol, unknown>;
    expect(symbols[Symbol.for('aws.lambda.runtime.handler.streaming')]).toBe('response');
    expect(symbols[HANDLER_STREAMING]).toBe('response');
    expect(symbols[HANDLER_HIGHWATERMARK]).toBe(1024);
  });
});

describe('HttpResponseStream.from (compat)', () => {
  it('writes the prelude JSON and 8 NULs right before the first write', async () => {
    const sink = capturingSink();
    const stream = HttpResponseStream.from(sink, prelude);
    expect(stream).toBe(sink);
    expect(sink.contentType).toBe(PRELUDE_CONTENT_TYPE);
    expect(sink.total).toBe(0);
    stream.write('tick1\n');
    stream.write(new Uint8Array([0, 1, 2]));
    await new Promise<void>((resolve) => stream.end(resolve));
    const expected = Buffer.concat([
      Buffer.from(JSON.stringify(prelude)),
      Buffer.alloc(8),
      Buffer.from('tick1\n'),
      Buffer.from([0, 1, 2]),
    ]);
    expect(sink.bytes()).toEqual(expected);
  });

  it("sends the prelude for an empty body only after write(''), like the real client", async () => {
    const withWrite = capturingSink();
    HttpResponseStream.from(withWrite, { statusCode: 204 }).write('');
    await new Promise<void>((resolve) => withWrite.end(resolve));
    expect(withWrite.bytes().toString('latin1')).toBe(`{"statusCode":204}${'\0'.repeat(8)}`);

    const endOnly = capturingSink();
    HttpResponseStream.from(endOnly, { statusCode: 204 });
    await new Promise<void>((resolve) => endOnly.end(resolve));
    expect(endOnly.total).toBe(0);
  });

  it("leaves a runtime stream's own first-write hook in charge: one prelude, written once", async () => {
    const sink = capturingSink();
    hookFirstWrite(sink); // what a runtime's response stream already has
    const hooked = sink.write;
    HttpResponseStream.from(sink, prelude);
    expect(sink.write).toBe(hooked);
    sink.write('a');
    sink.write('b');
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(sink.bytes().toString('latin1')).toBe(`${JSON.stringify(prelude)}${'\0'.repeat(8)}ab`);
  });

  it('restores the stream to its own write after the first call', () => {
    const sink = capturingSink();
    const protoWrite = sink.write;
    HttpResponseStream.from(sink, prelude).write('x');
    expect(sink.write).toBe(protoWrite);
  });
});

describe('resolveAwsLambda', () => {
  it('prefers the runtime global and falls back to the compat one', () => {
    const scope = globalThis as { awslambda?: unknown };
    expect(scope.awslambda).toBeUndefined();
    expect(resolveAwsLambda()).toBe(awslambdaCompat);
    const fake = { streamifyResponse, HttpResponseStream };
    scope.awslambda = fake;
    try {
      expect(resolveAwsLambda()).toBe(fake);
    } finally {
      delete scope.awslambda;
    }
  });

  it('ignores a global that is not the runtime (the AWS SDK invoke store creates one)', () => {
    const scope = globalThis as { awslambda?: unknown };
    scope.awslambda = { InvokeStore: {} };
    try {
      expect(resolveAwsLambda()).toBe(awslambdaCompat);
    } finally {
      delete scope.awslambda;
    }
  });
});
