// Throughput of the incremental checksums @sluice/core can use, to pick one per runtime.
// Prints one JSON line per implementation and update size: MB/s, median of 5 interleaved runs.
// Usage: node bench/hash-speed.ts
import { createSHA256 } from 'hash-wasm';
import { createChecksum as createNodeChecksum } from '../src/hash/node.ts';
import type { IncrementalChecksum } from '../src/hash/types.ts';
import { createChecksum as createWebChecksum } from '../src/hash/web.ts';

const TOTAL_BYTES = 32 * 1024 * 1024;
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

const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1]!;

for (const updateSize of [64, 65_536]) {
  const samples = new Map<string, number[]>(Object.keys(candidates).map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, create] of Object.entries(candidates)) {
      samples.get(name)!.push(megabytesPerSecond(create, updateSize));
    }
  }
  for (const [name, values] of samples) {
    const mbps = Math.round(median(values));
    console.log(JSON.stringify({ bench: 'hash-speed', implementation: name, updateSize, mbps }));
  }
}
