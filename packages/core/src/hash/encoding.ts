/** Standard base64 with padding; `btoa` exists in browsers, Workers, Deno and Node. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** A crc32 value as the 8 lowercase hex digits of the wire format. */
export function crc32ToHex(crc: number): string {
  return (crc >>> 0).toString(16).padStart(8, '0');
}
