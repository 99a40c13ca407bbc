// Reads a CloudFormation/SAM template with the `yaml` package. CloudFormation's short-form tags
// (!Ref, !Sub, !GetAtt, !If...) become their long forms ({ Ref: x }, { 'Fn::Sub': x }...) on
// scalar, sequence and mapping nodes alike. Any YAML error or warning (an unknown tag, a
// duplicate key, bad indentation) throws with its line and column, so nothing is misread.
import { type CollectionTag, parseDocument, type ScalarTag, YAMLMap } from 'yaml';
import { TemplateSyntaxError } from './errors.ts';

/** Short form -> long form key. `!Ref` and `!Condition` keep their name, the rest are `Fn::`. */
const INTRINSICS = [
  'Ref',
  'Condition',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Select',
  'Split',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Cidr',
  'GetAZs',
] as const;

function longKey(name: (typeof INTRINSICS)[number]): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** `!GetAtt Resource.Attribute.Path` -> ['Resource', 'Attribute.Path']: only the first dot splits. */
function getAttArguments(value: string): string[] {
  const dot = value.indexOf('.');
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/** `{ key: node }`, kept as a node so the collection's own children resolve as usual. */
function wrapped(key: string, node: unknown): YAMLMap {
  const map = new YAMLMap();
  map.set(key, node);
  return map;
}

export const CFN_TAGS: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => {
  const tag = `!${name}`;
  const key = longKey(name);
  const scalar: ScalarTag = {
    tag,
    resolve: (value) => ({ [key]: name === 'GetAtt' ? getAttArguments(value) : value }),
  };
  const seq: CollectionTag = { tag, collection: 'seq', resolve: (node) => wrapped(key, node) };
  const map: CollectionTag = { tag, collection: 'map', resolve: (node) => wrapped(key, node) };
  return [scalar, seq, map];
});

const SHOWN_PROBLEMS = 3;

/**
 * Parses template text; `source` names the file in error messages. Throws `TemplateSyntaxError`
 * (`file:line:column CODE: message` per problem) on any YAML error or warning.
 */
export function parseCfnYaml(text: string, source = 'template'): unknown {
  const doc = parseDocument(text, { customTags: CFN_TAGS, uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  const first = problems[0];
  if (first) {
    // One error often drags a tail of follow-on ones: the first few say where to look.
    const lines = problems.slice(0, SHOWN_PROBLEMS).map((problem) => {
      const at = problem.linePos?.[0];
      const where = at ? `${source}:${at.line}:${at.col}` : source;
      // prettyErrors appends "at line L, column C:" and a code excerpt to the message.
      return `${where} ${problem.code}: ${problem.message}`;
    });
    if (problems.length > SHOWN_PROBLEMS) {
      lines.push(`(${problems.length - SHOWN_PROBLEMS} more problems after these)`);
    }
    const at = first.linePos?.[0];
    throw new TemplateSyntaxError(lines.join('\n'), at?.line ?? 0, at?.col ?? 0);
  }
  return doc.toJS({ maxAliasCount: 100 });
}
