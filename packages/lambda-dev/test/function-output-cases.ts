// Seeded random function output for the dev server's fuzz test: preludes, raw prelude bytes
// and buffered results with random statuses, header names and values, cookies and JSON shapes,
// and, written apart from the server's code, what a Function URL / REST front door must answer.
import { seededRandom } from '../../core/src/sse/test-helpers/bytes.ts';

/** What raw-output.mjs is asked to send. */
export type OutputSpec =
  | { prelude: unknown; body: string }
  | { raw: string } // base64
  | { result: unknown };

export type FuzzTarget = 'url-streamed' | 'url-buffered' | 'rest-buffered';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// RFC 9110 field-value characters (obs-text included): no CR, LF, NUL or other controls.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const CONNECTION_LEVEL = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

const STATUSES: unknown[] = [
  ...[200, 201, 204, 206, 301, 302, 304, 400, 404, 418, 500, 503, 599],
  ...[100, 101, 102, 103, 199, 0, -1, 600, 700, 999, 1000, 65536, 200.5, 1e21],
  ...['200', '', null, true, false, [], {}, [200]],
];
const NAME_PARTS = ['x', 'a', '-', 'Content-Type', 'set-cookie', 'Content-Length', 'Connection'];
const NAME_NOISE = [' ', ':', '€', 'ü', '\n', '\r\n', '\0', '(', '"', '/', '\t', '\x7f', 'é'];
const VALUE_CHARS = [
  ...'abc XYZ019;=,/"\'',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\0',
  '\x01',
  '\x7f',
  'é',
  'ÿ',
  '€',
  'ü',
  '😀',
  'Ā',
];

export class CaseGenerator {
  readonly #random: () => number;
  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  next(target: FuzzTarget): OutputSpec {
    if (target !== 'url-streamed') return { result: this.#result(target) };
    if (this.#chance(0.2)) return { raw: this.#rawPrelude().toString('base64') };
    return { prelude: this.#shape(() => this.#head(target)), body: this.#text(8) };
  }

  #result(target: FuzzTarget): unknown {
    return this.#shape(() => {
      const head = this.#head(target) as Record<string, unknown>;
      if (this.#chance(0.9)) head.statusCode ??= this.#pick(STATUSES);
      const bodies = ['', 'body', 'é €', null, 42, { a: 1 }, [1], true];
      if (this.#chance(0.7)) head.body = this.#pick(bodies);
      if (this.#chance(0.2)) head.isBase64Encoded = this.#pick([true, false, 'yes', null]);
      return head;
    });
  }

  /** Mostly an object head; sometimes another JSON shape entirely. */
  #shape(head: () => unknown): unknown {
    if (this.#chance(0.85)) return head();
    return this.#pick([
      'text',
      42,
      null,
      true,
      [],
      [{ statusCode: 200 }],
      { nested: { headers: {} } },
    ]);
  }

  #head(target: FuzzTarget): unknown {
    const head: Record<string, unknown> = {};
    if (this.#chance(0.8)) head.statusCode = this.#pick(STATUSES);
    if (this.#chance(0.7))
      head.headers = this.#maybeNotObject(() => this.#headers(() => this.#value()));
    if (this.#chance(0.3)) head.cookies = this.#maybeNotObject(() => this.#list());
    if (target === 'rest-buffered' && this.#chance(0.4)) {
      head.multiValueHeaders = this.#maybeNotObject(() => this.#headers(() => this.#list()));
    }
    return head;
  }

  #maybeNotObject(make: () => unknown): unknown {
    return this.#chance(0.9) ? make() : this.#pick(['x', 1, null, [], true]);
  }

  #headers(value: () => unknown): Record<string, unknown> {
    const headers: Record<string, unknown> = {};
    const count = Math.floor(this.#random() * 5);
    for (let i = 0; i < count; i++) headers[this.#name()] = value();
    return headers;
  }

  #name(): string {
    let name = this.#pick(NAME_PARTS);
    while (this.#chance(0.5)) name += this.#pick(NAME_PARTS);
    if (this.#chance(0.35)) name = this.#insert(name, this.#pick(NAME_NOISE));
    return this.#chance(0.03) ? '' : name;
  }

  #value(): unknown {
    if (this.#chance(0.15)) return this.#pick([7, 0, true, null, ['a', 'b'], { o: 1 }, '']);
    return this.#text(12);
  }

  #list(): unknown {
    if (this.#chance(0.1)) return this.#value();
    return Array.from({ length: Math.floor(this.#random() * 3) }, () => this.#value());
  }

  #text(max: number): string {
    let text = '';
    const length = Math.floor(this.#random() * max);
    for (let i = 0; i < length; i++) {
      text += this.#chance(0.8) ? this.#pick([...'abcdefgh=; ']) : this.#pick(VALUE_CHARS);
    }
    return text;
  }

  /** Bytes under the prelude content type: broken JSON, no delimiter, odd shapes, or fine. */
  #rawPrelude(): Buffer {
    const json = JSON.stringify(this.#head('url-streamed'));
    const nuls = Buffer.alloc(this.#chance(0.7) ? 8 : Math.floor(this.#random() * 8));
    const variants = [
      () => Buffer.concat([Buffer.from(json), nuls, Buffer.from('body')]),
      () => Buffer.concat([Buffer.from(json.slice(0, Math.max(1, json.length - 3))), nuls]),
      () => Buffer.concat([Buffer.from(`${json}garbage`), nuls]),
      () => Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(json), nuls]),
      () => Buffer.from(this.#text(40)),
      () => Buffer.concat([nuls, Buffer.from(json)]),
    ];
    return this.#pick(variants)();
  }

  #insert(text: string, piece: string): string {
    const at = Math.floor(this.#random() * (text.length + 1));
    return text.slice(0, at) + piece + text.slice(at);
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)] as T;
  }

  #chance(p: number): boolean {
    return this.#random() < p;
  }
}

/** The status a front door must answer `spec` with: the function's own, or 502. */
export function expectedStatus(target: FuzzTarget, spec: OutputSpec): number {
  if ('raw' in spec) return rawPreludeStatus(Buffer.from(spec.raw, 'base64'));
  if ('prelude' in spec) return headStatus('url', spec.prelude, true);
  const result = spec.result;
  if (target === 'url-buffered') {
    if (!isRecord(result) || !('statusCode' in result)) return 200; // any JSON: the body
    return headStatus('url', result, false);
  }
  if (!isRecord(result) || !('statusCode' in result)) return 502;
  const body = result.body;
  if (body !== undefined && body !== null && typeof body !== 'string') return 502;
  return headStatus('rest', result, false);
}

function rawPreludeStatus(bytes: Buffer): number {
  if (bytes.length === 0) return 200; // nothing written: no prelude, as on Lambda
  const at = bytes.indexOf(Buffer.alloc(8));
  if (at < 0) return 502;
  let prelude: unknown;
  try {
    prelude = JSON.parse(bytes.subarray(0, at).toString('utf8'));
  } catch {
    return 502;
  }
  return headStatus('url', prelude, true);
}

function headStatus(mode: 'url' | 'rest', head: unknown, statusOptional: boolean): number {
  if (!isRecord(head)) return 502;
  const status = head.statusCode;
  const usable = Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599;
  if (!usable && !(statusOptional && status === undefined)) return 502;
  const fields: Array<[string, unknown]> = [];
  const multi = mode === 'rest' && isRecord(head.multiValueHeaders) ? head.multiValueHeaders : {};
  const multiNames = new Set(Object.keys(multi).map((name) => name.toLowerCase()));
  if (isRecord(head.headers)) {
    for (const [name, value] of Object.entries(head.headers)) {
      if (!multiNames.has(name.toLowerCase())) fields.push([name, value]);
    }
  }
  for (const [name, values] of Object.entries(multi)) {
    for (const value of Array.isArray(values) ? values : [values]) fields.push([name, value]);
  }
  if (mode === 'url' && Array.isArray(head.cookies)) {
    for (const cookie of head.cookies) fields.push(['set-cookie', cookie]);
  }
  for (const [name, value] of fields) {
    if (value === null || value === undefined) continue;
    if (CONNECTION_LEVEL.has(name.toLowerCase())) continue; // the front door sets these itself
    if (!TOKEN.test(name) || !FIELD_VALUE.test(String(value))) return 502;
  }
  return usable ? (status as number) : 200;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
