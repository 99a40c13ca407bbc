// A request written byte for byte on a plain TCP socket (what fetch/undici would normalise: an
// absolute-form target, a Host of our choosing), and its response read to the connection's end.
import { connect } from 'node:net';

export interface RawHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends `head` (request line + headers, without the blank line) and `body` with Connection: close. */
export function rawHttp(url: string, head: string, body = ''): Promise<RawHttpResponse> {
  const { hostname, port } = new URL(url);
  const request =
    `${head}\r\nConnection: close\r\n` +
    (body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : '') +
    `\r\n${body}`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function parseResponse(bytes: Buffer): RawHttpResponse {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`No complete response head in ${JSON.stringify(bytes.toString())}`);
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  const rest = bytes.subarray(end + 4);
  const body = headers['transfer-encoding'] === 'chunked' ? dechunk(rest) : rest;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('Chunked body cut before its final chunk');
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString(), 16);
    if (size === 0) return Buffer.concat(parts);
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
