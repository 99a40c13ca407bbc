import { describe, expect, it } from 'vitest';
import { isPreludeContentType, PRELUDE_MAX_BYTES, PreludeParser } from './prelude.ts';

const NULS = Buffer.alloc(8);

describe('PreludeParser', () => {
  it('finds the prelude split across chunks, and hands back the bytes after it', () => {
    const parser = new PreludeParser();
    expect(parser.push(Buffer.from('{"statusCode":2')).state).toBe('need-more');
    expect(parser.push(Buffer.from('01}\0\0\0')).state).toBe('need-more');
    const step = parser.push(Buffer.concat([Buffer.from('\0\0\0\0\0'), Buffer.from('body\0\0')]));
    expect(step).toMatchObject({ state: 'done', prelude: { statusCode: 201 } });
    expect(step.state === 'done' && step.rest.toString()).toBe('body\0\0');
  });

  it('stops at the first 8 NULs, leaving later NUL runs in the body', () => {
    const body = Buffer.concat([Buffer.from('{}'), NULS, Buffer.alloc(16), Buffer.from('x')]);
    const step = new PreludeParser().push(body);
    expect(step.state === 'done' && step.rest.length).toBe(17);
  });

  it('fails with a clear error when no delimiter comes within 16 KB', () => {
    const parser = new PreludeParser();
    const step = parser.push(Buffer.alloc(PRELUDE_MAX_BYTES + 8, 0x61));
    expect(step.state).toBe('error');
    expect(step.state === 'error' && step.error.errorMessage).toMatch(/first 16384 bytes/);
  });

  it('accepts a prelude of exactly 16 KB, not one byte more', () => {
    const prelude = (size: number) => `{"headers":{"x":"${'a'.repeat(size - 20)}"}}`;
    expect(prelude(PRELUDE_MAX_BYTES).length).toBe(PRELUDE_MAX_BYTES);
    const parse = (json: string) =>
      new PreludeParser().push(Buffer.concat([Buffer.from(json), NULS, Buffer.from('body')])).state;
    expect(parse(prelude(PRELUDE_MAX_BYTES))).toBe('done');
    expect(parse(prelude(PRELUDE_MAX_BYTES + 1))).toBe('error');
  });

  it('rejects invalid JSON, non-objects and impossible status codes', () => {
    for (const json of ['{nope', '[1]', '{"statusCode":42}', '{"statusCode":"200"}']) {
      const step = new PreludeParser().push(Buffer.concat([Buffer.from(json), NULS]));
      expect(step.state, json).toBe('error');
    }
  });

  it('recognises the content type with or without parameters', () => {
    expect(isPreludeContentType('application/vnd.awslambda.http-integration-response')).toBe(true);
    expect(isPreludeContentType('Application/VND.awslambda.http-integration-response; x=1')).toBe(
      true,
    );
    expect(isPreludeContentType('application/json')).toBe(false);
    expect(isPreludeContentType(undefined)).toBe(false);
  });
});
