// Throughput of the incremental checksums @sluice/core can use, to pick one per runtime.
// One BenchRecord per implementation and update size: MB/s, median of RUNS interleaved runs,
// against node:crypto / node:zlib doing the same algorithm in the same run.
// Usage: pnpm bench hash-speed   (or node --conditions=@sluice/source bench/hash-speed.ts)
import { createSHA256 } from 'hash-wasm';
import { emit, median, quick } from '../../../bench/lib/record.ts';
import { interleaved } from '../../../bench/lib/stats.ts';
import { createChecksum as createNodeChecksum } from '../src/hash/node.ts';
import type { IncrementalChecksum } from '../src/hash/types.ts';
import { createChecksum as createWebChecksum } from '../src/hash/web.ts';

const TOTAL_BYTES = (quick ? 2 : 32) * 1024 * 1024;
const RUNS = 5;

const wasm = await createSHA256();
const hashWasmSha256 = (): IncrementalChecksum => {
  wasm.init();
  return { update: (bytes) => void wasm.update(bytes), digest: () => wasm.digest('hex') };
};

const candidates: Record<string, () => IncrementalChecksum> = {
  'sha-256 node:crypto': () => createNodeChecksum('sha-256'),
  'sha-256 @noble/hashes': () => createWebChecksum('sha-256'),
  'sha-256 hash-wasm': hashWasmSha256,
  'crc32 node:zlib': () => createNodeChecksum('crc32'),
  'crc32 table (web)': () => createWebChecksum('crc32'),
};

function megabytesPerSecond(create: () => IncrementalChecksum, updateSize: number): number {
  const chunk = new Uint8Array(updateSize).map((_, i) => (i * 31) & 0xff);
  const updates = Math.floor(TOTAL_BYTES / updateSize);
  const started = performance.now();
  const checksum = create();
  for (let i = 0; i < updates; i++) checksum.update(chunk);
  checksum.digest();
  const seconds = (performance.now() - started) / 1000;
  return (updates * updateSize) / 1e6 / seconds;
}

/** Native implementation of each algorithm: the baseline the others are compared with. */
const nativeOf = (name: string) =>
  name.startsWith('crc32') ? 'crc32 node:zlib' : 'sha-256 node:crypto';
const names = Object.keys(candidates);

for (const updateSize of [64, 65_536]) {
  const samples = await interleaved(names, RUNS, async (name) =>
    megabytesPerSecond(candidates[name]!, updateSize),
  );
  for (const name of names) {
    const native = nativeOf(name);
    emit({
      id: `core.hash.${name.replace(/[^a-z0-9-]+/gi, '-').replace(/-$/, '')}.${updateSize}`,
      title: `${name}, ${updateSize} B updates`,
      unit: 'MB/s',
      value: median(samples.get(name)!),
      ...(name === native
        ? {}
        : { baseline: { name: native, value: median(samples.get(native)!) } }),
      detail: `${TOTAL_BYTES} bytes per run, median of ${RUNS} interleaved runs`,
    });
  }
}
