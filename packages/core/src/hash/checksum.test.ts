import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checksumImplementation } from '#checksum';
import { findNodeImports } from '../../scripts/check-web-standard.ts';
import * as nodeChecksums from './node.ts';
import type { ChecksumAlgorithm } from './types.ts';
import * as webChecksums from './web.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

function digestInPieces(
  create: (alg: ChecksumAlgorithm) => { update(b: Uint8Array): void; digest(): string },
  alg: ChecksumAlgorithm,
  bytes: Uint8Array,
  pieceSize: number,
): string {
  const checksum = create(alg);
  for (let i = 0; i < bytes.length; i += pieceSize)
    checksum.update(bytes.subarray(i, i + pieceSize));
  return checksum.digest();
}

describe('checksums', () => {
  it.each([
    ['node', nodeChecksums.createChecksum],
    ['web', webChecksums.createChecksum],
  ])('%s: matches the standard test vectors', (_, create) => {
    expect(digestInPieces(create, 'sha-256', ascii('abc'), 1)).toBe(
      'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=',
    );
    expect(digestInPieces(create, 'crc32', ascii('123456789'), 2)).toBe('cbf43926');
    expect(create('crc32').digest()).toBe('00000000');
  });

  it('node and web agree with node:crypto/zlib on random data in random pieces', () => {
    for (const size of [0, 1, 3, 63, 64, 65, 1000, 70_000]) {
      const bytes = new Uint8Array(randomBytes(size));
      const sha = createHash('sha256').update(bytes).digest('base64');
      const crc = crc32(bytes).toString(16).padStart(8, '0');
      for (const create of [nodeChecksums.createChecksum, webChecksums.createChecksum]) {
        for (const piece of [1, 7, 4096, 1 << 20]) {
          expect(digestInPieces(create, 'sha-256', bytes, piece)).toBe(sha);
          expect(digestInPieces(create, 'crc32', bytes, piece)).toBe(crc);
        }
      }
    }
  });

  it('#checksum resolves to node:crypto on Node', () => {
    expect(checksumImplementation).toBe(nodeChecksums.checksumImplementation);
  });

  it('every non-Node target of package.json `imports` passes the web-standard check', () => {
    const packageJson = new URL('../../package.json', import.meta.url);
    const { imports } = JSON.parse(readFileSync(packageJson, 'utf8')) as {
      imports: Record<string, Record<string, unknown>>;
    };
    for (const [specifier, targets] of Object.entries(imports)) {
      const source = targets['@sluice/source'] as Record<string, string>;
      const webTarget = fileURLToPath(new URL(source.default!, packageJson));
      expect(findNodeImports([webTarget]), specifier).toEqual([]);
      expect(targets.default, specifier).toBe(
        source.default!.replace('./src/', './dist/').replace(/\.ts$/, '.js'),
      );
      expect(findNodeImports([fileURLToPath(new URL(source.node!, packageJson))])).not.toEqual([]);
    }
  });
});
