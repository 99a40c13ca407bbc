import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findNodeImports } from './check-web-standard.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`./fixtures/web-standard/${path}`, import.meta.url));

describe('web-standard import check', () => {
  it('finds bare and node: built-ins, static and dynamic, through relative imports', () => {
    const found = findNodeImports([fixture('dirty/entry.ts')]);
    expect(found.map((v) => v.specifier).sort()).toEqual(['crypto', 'node:buffer']);
    expect(found.every((v) => v.file.endsWith('digest.ts'))).toBe(true);
  });

  it('passes a clean graph and ignores imports inside comments', () => {
    expect(findNodeImports([fixture('clean/entry.ts')])).toEqual([]);
  });

  it("holds for @sluice/core's real main entry", () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    expect(findNodeImports([entry])).toEqual([]);
  });
});
