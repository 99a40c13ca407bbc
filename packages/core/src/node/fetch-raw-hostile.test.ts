// No cancel, at any moment, and no upstream answer, however malformed, may crash the process
// (nodejs/node#54205 in Readable.toWeb; an unhandled 'error' of a discarded body). Each run is
// a child process, so a crash shows as its exit code and stderr instead of killing the runner.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/hostile-upstreams.ts', import.meta.url));

async function runFixture(...args: string[]) {
  const run = promisify(execFile)(
    process.execPath,
    ['--conditions=@sluice/source', FIXTURE, ...args],
    { timeout: 60_000 },
  );
  try {
    const { stdout } = await run;
    return { code: 0, report: JSON.parse(stdout.trim().split('\n').at(-1)!), stderr: '' };
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string };
    return { code, report: undefined, stderr };
  }
}

describe('fetchRaw with hostile upstreams', () => {
  it('survives letting go of a streaming body at 9 different moments, 40 times each', async () => {
    const { code, report, stderr } = await runFixture('cancels', '40');
    expect(code, stderr).toBe(0);
    expect(report.cancels).toBe(9 * 40);
  });

  it('turns malformed answers into UpstreamUnreachableError or a failing body, never a crash', async () => {
    const { code, report, stderr } = await runFixture('malformed');
    expect(code, stderr).toBe(0);
    const rejected = 'rejected UpstreamUnreachableError UPSTREAM_UNREACHABLE';
    expect(report.malformed).toEqual({
      'status-999': rejected,
      'status-999-open': rejected,
      'status-000': rejected,
      'status-letters': rejected,
      'not-http': rejected,
      'nul-in-header': rejected,
      'bad-header-name': rejected,
      'bad-chunk-size': '200, then a body error',
      'short-body': '200, then a body error',
      'two-lengths': rejected,
      'length-and-chunked': rejected,
      'headers-then-close': rejected,
      'status-line-only': rejected,
      'no-answer-close': rejected,
    });
  });
});
