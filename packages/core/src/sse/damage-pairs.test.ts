// Random two-byte changes of a fixed stream (docs/sse-integrity.md). The seed is printed with
// any failure; SSE_DAMAGE_SEED=<seed> replays it.
import { describe, expect, it } from 'vitest';
import { seededRandom } from './test-helpers/bytes.ts';
import {
  brokenPromise,
  changed,
  type DamageSubject,
  damageSeed,
  damageSubject,
  failureReport,
} from './test-helpers/damage.ts';

const RUNS = 20_000;

/** Runs RUNS two-byte changes, the first at `first(random)`, the second anywhere. */
async function pairs(subject: DamageSubject, first: (random: () => number) => number) {
  const seed = damageSeed();
  const random = seededRandom(seed);
  const { wire } = subject;
  const broken: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const a = first(random);
    let b = Math.floor(random() * wire.length);
    if (b === a) b = (b + 1) % wire.length;
    // A value other than the original: 1..255 added modulo 256.
    const other = (at: number) => (wire[at]! + 1 + Math.floor(random() * 255)) % 256;
    const changes: Array<[number, number]> = [
      [a, other(a)],
      [b, other(b)],
    ];
    const problem = await brokenPromise(subject, changed(wire, changes));
    if (problem !== undefined) broken.push(failureReport(subject, changes, problem, seed));
  }
  return broken;
}

describe(`${RUNS} random two-byte changes`, () => {
  it.each(['sha-256', 'crc32'] as const)(
    'of a %s stream anywhere: each fails typed or reads as sent',
    async (checksum) => {
      const subject = await damageSubject(checksum);
      const broken = await pairs(subject, (random) => Math.floor(random() * subject.wire.length));
      expect(broken.slice(0, 5), `${broken.length} silent corruptions`).toEqual([]);
    },
  );

  it('of a sha-256 stream, one of them in the end: each fails typed or reads as sent', async () => {
    const subject = await damageSubject('sha-256');
    const span = subject.wire.length - subject.endAt;
    const broken = await pairs(subject, (random) => subject.endAt + Math.floor(random() * span));
    expect(broken.slice(0, 5), `${broken.length} silent corruptions`).toEqual([]);
  });

  it('of the end of a stream without a digest: each fails typed or reads as sent', async () => {
    const subject = await damageSubject(false);
    const span = subject.wire.length - subject.endAt;
    const inEnd = (random: () => number) => subject.endAt + Math.floor(random() * span);
    // Both changes in the end: the events are untouched, so any accepted read must equal them.
    const endOnly = { ...subject, promise: 'identical events' as const };
    const seed = damageSeed();
    const random = seededRandom(seed);
    const broken: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const changes: Array<[number, number]> = [inEnd(random), inEnd(random)].map((at) => [
        at,
        (subject.wire[at]! + 1 + Math.floor(random() * 255)) % 256,
      ]);
      const problem = await brokenPromise(endOnly, changed(subject.wire, changes));
      if (problem !== undefined) broken.push(failureReport(subject, changes, problem, seed));
    }
    expect(broken.slice(0, 5), `${broken.length} silent corruptions`).toEqual([]);
  });
});
