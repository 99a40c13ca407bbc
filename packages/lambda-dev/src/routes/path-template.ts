// API Gateway path templates: literal segments, `{name}` (one segment) and a final `{name+}`
// (the rest of the path, at least one segment).

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

export interface PathTemplate {
  source: string;
  segments: Segment[];
}

export class PathTemplateError extends Error {}

export function compilePathTemplate(source: string): PathTemplate {
  if (source === '$default') return { source, segments: [{ kind: 'greedy', name: '' }] };
  if (!source.startsWith('/')) throw new PathTemplateError(`path "${source}" must start with /`);
  const parts = source === '/' ? [] : source.slice(1).replace(/\/$/, '').split('/');
  const segments = parts.map((part, index): Segment => {
    const param = /^\{([^{}]+)\}$/.exec(part);
    if (!param) {
      if (part.includes('{') || part.includes('}')) {
        throw new PathTemplateError(`path "${source}": "${part}" mixes text and a {variable}`);
      }
      return { kind: 'literal', text: part };
    }
    const name = param[1] as string;
    if (!name.endsWith('+')) return { kind: 'param', name };
    if (index !== parts.length - 1) {
      throw new PathTemplateError(
        `path "${source}": the greedy {${name}} must be the last segment`,
      );
    }
    return { kind: 'greedy', name: name.slice(0, -1) };
  });
  return { source, segments };
}

export interface PathMatch {
  /** Decoded values by variable name (`proxy` for `{proxy+}`, without the leading slash). */
  params: Record<string, string>;
  /** Per segment 2 = literal, 1 = variable, 0 = greedy: compared left to right, higher wins. */
  rank: number[];
}

/** Matches a raw request path (still percent-encoded, no query) against a template. */
export function matchPath(template: PathTemplate, rawPath: string): PathMatch | undefined {
  const trimmed = rawPath.replace(/^\/+/, '');
  const parts = trimmed === '' ? [] : trimmed.split('/');
  const params: Record<string, string> = {};
  const rank: number[] = [];
  for (let i = 0; i < template.segments.length; i++) {
    const segment = template.segments[i] as Segment;
    if (segment.kind === 'greedy') {
      const rest = parts.slice(i);
      // The $default route also takes `/`; a {proxy+} needs at least one segment.
      if (rest.length === 0 && template.source !== '$default') return undefined;
      if (segment.name !== '') params[segment.name] = decode(rest.join('/'));
      rank.push(0);
      return { params, rank };
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (decode(part) !== segment.text) return undefined;
      rank.push(2);
    } else {
      if (part === '') return undefined;
      params[segment.name] = decode(part);
      rank.push(1);
    }
  }
  // A trailing slash is the same resource; anything further is not.
  const extra = parts.slice(template.segments.length);
  if (extra.length > 1 || (extra.length === 1 && extra[0] !== '')) return undefined;
  return { params, rank };
}

/** > 0 when `a` is the more specific match (literal over variable over greedy, leftmost first). */
export function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
