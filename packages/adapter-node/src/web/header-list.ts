// Response headers as the flat `[name, value, ...]` list `writeHead` takes without copying,
// built once from whatever `ResponseInit.headers` the app passed. Names are lowercased and
// values trimmed of HTTP whitespace, as `Headers` would; characters Node refuses are found
// when the head is written (the response then fails with a 500).

const isHttpWhitespace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

function normalizeValue(value: unknown): string {
  const text = String(value);
  if (
    text.length === 0 ||
    (!isHttpWhitespace(text.charCodeAt(0)) && !isHttpWhitespace(text.charCodeAt(text.length - 1)))
  )
    return text;
  return text.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

/** The flat list, or `undefined` for a shape only `Headers` itself understands. */
export function toHeaderList(init: HeadersInit): string[] | undefined {
  const list: string[] = [];
  if (init instanceof Headers) {
    for (const [name, value] of init) list.push(name, value);
    return list;
  }
  if (Array.isArray(init)) {
    for (const pair of init) {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new TypeError('Header pairs must contain exactly two items');
      list.push(String(pair[0]).toLowerCase(), normalizeValue(pair[1]));
    }
    return list;
  }
  if (typeof init !== 'object' || init === null) return undefined;
  const prototype = Object.getPrototypeOf(init);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  for (const name of Object.keys(init)) {
    list.push(name.toLowerCase(), normalizeValue((init as Record<string, unknown>)[name]));
  }
  return list;
}

/** The value of `name` (lowercase) in a flat list; `undefined` when absent. */
export function findHeader(list: readonly string[] | undefined, name: string): string | undefined {
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
  return undefined;
}
