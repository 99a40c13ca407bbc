// Reads a CloudFormation/SAM template with the `yaml` package. CloudFormation's short-form tags
// (!Ref, !Sub, !GetAtt, !If...) become their long forms ({ Ref: x }, { 'Fn::Sub': x }...) on
// scalar, sequence and mapping nodes alike. Any YAML error or warning (an unknown tag, a
// duplicate key, bad indentation) throws, so a template change cannot slip past unread.
import { type CollectionTag, parseDocument, type ScalarTag, YAMLMap } from 'yaml';

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

export class TemplateSyntaxError extends SyntaxError {
  readonly code = 'TEMPLATE_SYNTAX';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

export function parseCfnYaml(source: string): unknown {
  const doc = parseDocument(source, { customTags: CFN_TAGS, uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const lines = problems.map((problem) => `${problem.code}: ${problem.message}`);
    throw new TemplateSyntaxError(lines.join('\n'));
  }
  return doc.toJS({ maxAliasCount: 100 });
}
