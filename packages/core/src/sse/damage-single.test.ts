// Every single-byte change of a fixed stream, with and without a digest (docs/sse-integrity.md).
import { describe, expect, it } from 'vitest';
import { readAll } from './test-helpers/bytes.ts';
import {
  brokenPromise,
  changed,
  damageSubject,
  failureReport,
  singleChunk,
} from './test-helpers/damage.ts';

describe('every single-byte change', () => {
  it.each([
    ['sha-256', 'fails typed or reads as sent'],
    [false, 'fails typed or keeps count and bytes (the promise without a digest)'],
  ] as const)('of a stream with checksum %s %s', async (checksum, _promise) => {
    const subject = await damageSubject(checksum);
    const broken: string[] = [];
    for (let offset = 0; offset < subject.wire.length; offset++) {
      for (let value = 0; value < 256; value++) {
        if (value === subject.wire[offset]) continue;
        const problem = await brokenPromise(subject, changed(subject.wire, [[offset, value]]));
        if (problem !== undefined) broken.push(failureReport(subject, [[offset, value]], problem));
      }
    }
    expect(broken.slice(0, 5), `${broken.length} silent corruptions`).toEqual([]);
  });

  it('every cut of a stream without a digest is a truncation', async () => {
    const subject = await damageSubject(false);
    for (let cut = 0; cut < subject.wire.length; cut++) {
      const { error } = await readAll(singleChunk(subject.wire.slice(0, cut)), { checksum: false });
      expect(error, `cut at ${cut}`).toMatchObject({ code: 'SSE_TRUNCATED' });
    }
  });
});
