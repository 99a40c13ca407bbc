// Running count, byte total and digest of the content events of one logical stream. Each event
// contributes u32be(len(type)) || type || u32be(len(data)) || data (UTF-8) to the digest. Frames
// are batched into one buffer so the checksum sees few large updates, not four tiny ones per event.
import { createChecksum } from '#checksum';
import type { ChecksumAlgorithm, IncrementalChecksum } from '../hash/types.ts';
import { utf8Length } from './utf8.ts';

const BATCH_BYTES = 64 * 1024;
const encoder = new TextEncoder();

export class StreamTally {
  count = 0;
  bytes = 0;
  private readonly checksums: Map<ChecksumAlgorithm, IncrementalChecksum>;
  private readonly digests = new Map<ChecksumAlgorithm, string>();
  private readonly batch: Uint8Array;
  private readonly view: DataView;
  private used = 0;

  constructor(algorithms: readonly ChecksumAlgorithm[]) {
    this.checksums = new Map(algorithms.map((alg) => [alg, createChecksum(alg)]));
    this.batch = new Uint8Array(this.checksums.size > 0 ? BATCH_BYTES : 0);
    this.view = new DataView(this.batch.buffer);
  }

  add(type: string, data: string): void {
    this.count++;
    if (this.checksums.size === 0) {
      this.bytes += utf8Length(data);
      return;
    }
    if (this.digests.size > 0) throw new Error('StreamTally: add() after digest()');
    this.addField(type);
    this.bytes += this.addField(data);
  }

  /** The digest of everything added so far; no `add` may follow. */
  digest(algorithm: ChecksumAlgorithm): string | undefined {
    const checksum = this.checksums.get(algorithm);
    if (checksum === undefined) return undefined;
    if (this.digests.size === 0) {
      this.flush();
      for (const [alg, each] of this.checksums) this.digests.set(alg, each.digest());
    }
    return this.digests.get(algorithm);
  }

  /** Appends u32be(byte length) and the UTF-8 bytes of `text`; returns the byte length. */
  private addField(text: string): number {
    const worstCase = 4 + text.length * 3;
    if (worstCase > BATCH_BYTES - this.used) {
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
    for (const checksum of this.checksums.values()) checksum.update(bytes);
  }
}
