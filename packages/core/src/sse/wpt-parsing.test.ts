// The web-platform-tests EventSource parsing cases (outside data in ../shared, never copied into
// the repo) against the reader's parser and readSSE's response checks.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSSE } from './reader.ts';
import { drain } from './test-helpers/bytes.ts';
import { type Dispatched, parseAll } from './test-helpers/parse-all.ts';

interface WptCase {
  name: string;
  mime: string;
  bodyBase64: string;
  expect: Dispatched[];
  fails?: boolean;
  retry?: number;
}

const CASES_FILE = fileURLToPath(
  new URL('../../../../../shared/reference/sse-wpt-cases/cases.json', import.meta.url),
);
const present = existsSync(CASES_FILE);
const cases: WptCase[] = present ? JSON.parse(readFileSync(CASES_FILE, 'utf8')).cases : [];
if (!present) console.warn(`wpt EventSource cases skipped: ${CASES_FILE} is absent (no ../shared)`);

describe.skipIf(!present)('web-platform-tests eventsource/ cases', () => {
  const parsing = cases.filter((c) => !c.fails);
  it.each(parsing.map((c) => [c.name, c] as const))('%s parses as EventSource does', (_, c) => {
    const body = Buffer.from(c.bodyBase64, 'base64');
    const whole = parseAll(body);
    expect(whole.events).toEqual(c.expect);
    // Byte by byte (a BOM or a CRLF split across chunks) changes nothing.
    const everyByte = Array.from({ length: body.length - 1 }, (_, i) => i + 1);
    expect(parseAll(body, everyByte).events).toEqual(c.expect);
    if (c.retry !== undefined) expect(whole.retryMs).toBe(c.retry);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: readSSE accepts or refuses its Content-Type as EventSource does',
    async (_, c) => {
      const response = new Response(Buffer.from(c.bodyBase64, 'base64'), {
        headers: { 'content-type': c.mime },
      });
      // None of these bodies is a sluice stream, so readSSE always fails: on the type, or later.
      const { error } = await drain(readSSE(response));
      const refusedType = String(error).includes('Expected text/event-stream');
      expect(refusedType).toBe(c.fails === true);
    },
  );
});
