// Running count, byte total and digest of the content events of one logical stream. Each event
// contributes u32be(len(type)) || type || u32be(len(data)) || data (UTF-8) to the digest. Frames
// are batched into one buffer so the checksum sees few large updates, not four tiny ones per event.
// The batch is allocated on the first event and the checksums on the first flush (or the digest),
// so an idle stream holds neither: the 64 KB batch cost ~46 KB of RSS per idle stream.
import { createChecksum } from '#checksum';
import type { ChecksumAlgorithm, CreateChecksum, IncrementalChecksum } from '../hash/types.ts';
import { utf8Length } from './utf8.ts';

const BATCH_BYTES = 64 * 1024;
const NO_BATCH = new Uint8Array(0);
const encoder = new TextEncoder();

export class StreamTally {
  count = 0;
  bytes = 0;
  private readonly algorithms: readonly ChecksumAlgorithm[];
  private readonly create: CreateChecksum;
  private checksums: Map<ChecksumAlgorithm, IncrementalChecksum> | undefined;
  private digests: Map<ChecksumAlgorithm, string> | undefined;
  private batch = NO_BATCH;
  private view = new DataView(NO_BATCH.buffer);
  private used = 0;

  /** `create` opens each checksum (the runtime's `#checksum` unless given). */
  constructor(algorithms: readonly ChecksumAlgorithm[], create: CreateChecksum = createChecksum) {
    this.algorithms = [...new Set(algorithms)];
    this.create = create;
  }

  add(type: string, data: string): void {
    this.count++;
    if (this.algorithms.length === 0) {
      this.bytes += utf8Length(data);
      return;
    }
    if (this.digests) throw new Error('StreamTally: add() after digest()');
    this.addField(type);
    this.bytes += this.addField(data);
  }

  /** The digest of everything added so far; no `add` may follow. */
  digest(algorithm: ChecksumAlgorithm): string | undefined {
    if (!this.algorithms.includes(algorithm)) return undefined;
    if (!this.digests) {
      this.flush();
      const checksums = this.openChecksums();
      this.digests = new Map([...checksums].map(([alg, each]) => [alg, each.digest()]));
      this.checksums = undefined;
      this.batch = NO_BATCH;
    }
    return this.digests.get(algorithm);
  }

  private openChecksums(): Map<ChecksumAlgorithm, IncrementalChecksum> {
    this.checksums ??= new Map(this.algorithms.map((alg) => [alg, this.create(alg)]));
    return this.checksums;
  }

  /** Appends u32be(byte length) and the UTF-8 bytes of `text`; returns the byte length. */
  private addField(text: string): number {
    const worstCase = 4 + text.length * 3;
    if (this.batch === NO_BATCH && worstCase <= BATCH_BYTES) {
      this.batch = new Uint8Array(BATCH_BYTES);
      this.view = new DataView(this.batch.buffer);
    }
    if (worstCase > this.batch.length - this.used) {
      this.flush();
      if (worstCase > BATCH_BYTES) return this.addLargeField(text);
    }
    // ASCII (most JSON) is copied here; the first other character hands the rest to encodeInto.
    const batch = this.batch;
    const start = this.used + 4;
    let at = start;
    let i = 0;
    for (; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x80) break;
      batch[at++] = unit;
    }
    if (i < text.length) {
      at += encoder.encodeInto(i === 0 ? text : text.slice(i), batch.subarray(at)).written;
    }
    const written = at - start;
    this.view.setUint32(this.used, written);
    this.used = at;
    return written;
  }

  private addLargeField(text: string): number {
    const bytes = encoder.encode(text);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length);
    this.update(length);
    this.update(bytes);
    return bytes.length;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.update(this.batch.subarray(0, this.used));
    this.used = 0;
  }

  private update(bytes: Uint8Array): void {
    for (const checksum of this.openChecksums().values()) checksum.update(bytes);
  }
}
