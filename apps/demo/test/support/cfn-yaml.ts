// Reads the block-style YAML subset template.yaml is written in, CloudFormation short tags
// included (!Ref, !Sub, !GetAtt -> their Fn:: forms). Anything outside the subset (flow
// collections, block scalars, anchors) throws, so a template change cannot slip past unread.

interface Line {
  indent: number;
  text: string;
  number: number;
}

export type YamlValue =
  | string
  | number
  | boolean
  | null
  | YamlValue[]
  | { [key: string]: YamlValue };

export function parseCfnYaml(source: string): YamlValue {
  const lines: Line[] = [];
  source.split('\n').forEach((rawLine, index) => {
    const text = stripComment(rawLine).trimEnd();
    if (text.trim() === '') return;
    if (text.includes('\t')) fail(index + 1, 'tabs are not allowed');
    lines.push({
      indent: text.length - text.trimStart().length,
      text: text.trim(),
      number: index + 1,
    });
  });
  const [value, next] = parseBlock(lines, 0, lines[0]?.indent ?? 0);
  if (next !== lines.length) fail(lines[next]!.number, 'unexpected indentation');
  return value;
}

function parseBlock(lines: Line[], at: number, indent: number): [YamlValue, number] {
  const first = lines[at]!;
  return first.text.startsWith('- ') || first.text === '-'
    ? parseSequence(lines, at, indent)
    : parseMapping(lines, at, indent);
}

function parseSequence(lines: Line[], at: number, indent: number): [YamlValue[], number] {
  const items: YamlValue[] = [];
  let i = at;
  while (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith('-')) {
    const rest = lines[i]!.text.slice(1).trim();
    if (rest === '') {
      const [value, next] = parseBlock(lines, i + 1, lines[i + 1]!.indent);
      items.push(value);
      i = next;
    } else if (keyOf(rest) !== undefined) {
      // `- key: value` opens a mapping indented past the dash.
      const inner = indent + 2;
      const copy = [...lines];
      copy[i] = { ...lines[i]!, indent: inner, text: rest };
      const [value, next] = parseMapping(copy, i, inner);
      items.push(value);
      i = next;
    } else {
      items.push(scalar(rest, lines[i]!.number));
      i++;
    }
  }
  return [items, i];
}

function parseMapping(lines: Line[], at: number, indent: number): [YamlValue, number] {
  const map: Record<string, YamlValue> = {};
  let i = at;
  while (i < lines.length && lines[i]!.indent === indent) {
    const line = lines[i]!;
    const key = keyOf(line.text);
    if (key === undefined) fail(line.number, `expected "key:" in "${line.text}"`);
    if (key in map) fail(line.number, `duplicate key ${key}`);
    const rest = line.text.slice(line.text.indexOf(':', key.length) + 1).trim();
    i++;
    if (rest !== '') {
      map[key] = scalar(rest, line.number);
      continue;
    }
    const child = lines[i];
    const nested =
      child && (child.indent > indent || (child.indent === indent && child.text.startsWith('- ')));
    if (!nested) {
      map[key] = null;
      continue;
    }
    const [value, next] = parseBlock(lines, i, child.indent);
    map[key] = value;
    i = next;
  }
  if (i < lines.length && lines[i]!.indent > indent) fail(lines[i]!.number, 'bad indentation');
  return [map, i];
}

/** The key of a `key: value` / `key:` line (keys may be quoted or contain `/{}+`). */
function keyOf(text: string): string | undefined {
  const quoted = /^(['"])(.*?)\1:(\s|$)/.exec(text);
  if (quoted) return quoted[2];
  const plain = /^([^\s:'"!&*[\]{}#|>-][^:]*?|[\w/{}+.-]+):(\s|$)/.exec(text);
  return plain?.[1];
}

function scalar(text: string, lineNumber: number): YamlValue {
  if (text.startsWith('!')) return tagged(text, lineNumber);
  if (/^[[{&*|>]/.test(text)) fail(lineNumber, `unsupported YAML: ${text}`);
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) fail(lineNumber, 'unterminated quote');
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~') return null;
  if (/^-?\d+$/.test(text)) return Number(text);
  return text;
}

function tagged(text: string, lineNumber: number): YamlValue {
  const [tag, ...restParts] = text.split(' ');
  const argument = restParts.join(' ').trim();
  const value = scalar(argument, lineNumber);
  switch (tag) {
    case '!Ref':
      return { Ref: value };
    case '!Sub':
      return { 'Fn::Sub': value };
    case '!GetAtt':
      return { 'Fn::GetAtt': String(value).split('.') };
    default:
      return fail(lineNumber, `unsupported tag ${tag}`);
  }
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (i === 0 || line[i - 1] === ' ')) {
      return line.slice(0, i);
    }
  }
  return line;
}

function fail(lineNumber: number, message: string): never {
  throw new SyntaxError(`template.yaml line ${lineNumber}: ${message}`);
}
