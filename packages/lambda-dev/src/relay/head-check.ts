// What a function may put in a response head. The front door writes it with node:http, which
// throws on a head HTTP cannot carry; a function's output must never get that far: it is
// refused first, as a malformed response (502), like any other unusable function output.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { ResponseHead } from './response-head.ts';

/**
 * Final statuses a function may answer with. 1xx are interim responses (RFC 9110 §15.2: never
 * the answer to a request; 101 would switch protocols), and HTTP defines nothing from 600 on.
 */
export const MIN_STATUS = 200;
export const MAX_STATUS = 599;

export function isFinalStatus(value: unknown): value is number {
  return (
    Number.isInteger(value) && (value as number) >= MIN_STATUS && (value as number) <= MAX_STATUS
  );
}

/** Why `head` cannot be written to a client, or undefined when it can. */
export function headProblem(head: ResponseHead): string | undefined {
  if (!isFinalStatus(head.status)) {
    return `statusCode must be an integer ${MIN_STATUS}-${MAX_STATUS}, got ${JSON.stringify(head.status)}`;
  }
  for (const [name, value] of Object.entries(head.headers)) {
    const problem =
      nameProblem(name) ??
      [value]
        .flat()
        .map((v) => valueProblem(name, v))
        .find(Boolean);
    if (problem) return problem;
  }
  return undefined;
}

function nameProblem(name: string): string | undefined {
  try {
    validateHeaderName(name);
    return undefined;
  } catch {
    return `header name ${JSON.stringify(name)} is not an HTTP token`;
  }
}

function valueProblem(name: string, value: string): string | undefined {
  try {
    validateHeaderValue(name, value);
    return undefined;
  } catch {
    const at = [...value].find((char) => !isHeaderValueChar(char)) ?? '';
    const code = `U+${(at.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    const source = name === 'set-cookie' ? 'header "set-cookie" (a cookie)' : `header "${name}"`;
    return (
      `${source} has a character HTTP cannot carry (${code}): a header value may hold tabs, ` +
      'visible ASCII, spaces and U+0080-U+00FF, never CR, LF, NUL or characters such as €'
    );
  }
}

function isHeaderValueChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code === 0x09 || (code >= 0x20 && code <= 0xff && code !== 0x7f);
}

/** `value` as an `x-amzn-errortype` header, or undefined when no header could carry it. */
export function errorTypeHeader(value: string): string | undefined {
  return valueProblem('x-amzn-errortype', value) === undefined ? value : undefined;
}
