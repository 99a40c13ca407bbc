// The template reader: the yaml package with CloudFormation's short-form tags, and syntax
// errors that say where (line and column) instead of a misread template.
import { describe, expect, it } from 'vitest';
import { parseCfnYaml } from '../../src/template/cfn-yaml.ts';
import { TemplateSyntaxError } from '../../src/template/errors.ts';

const forms: [string, string][] = [
  ['Ref', 'Ref'],
  ['Condition', 'Condition'],
  ...[
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
  ].map((name): [string, string] => [name, `Fn::${name}`]),
];

describe('parseCfnYaml', () => {
  it('turns every short form into its long form on scalar, sequence and mapping nodes', () => {
    for (const [short, long] of forms) {
      const source = [
        `scalar: !${short} Value`,
        `flow: !${short} [a, 1]`,
        `block: !${short}`,
        '  - a',
        '  - !Ref B',
        `map: !${short} { k: v }`,
        '',
      ].join('\n');
      const scalar = short === 'GetAtt' ? ['Value'] : 'Value';
      expect(parseCfnYaml(source), short).toEqual({
        scalar: { [long]: scalar },
        flow: { [long]: ['a', 1] },
        block: { [long]: ['a', { Ref: 'B' }] },
        map: { [long]: { k: 'v' } },
      });
    }
  });

  it('reads nested and flow forms the way CloudFormation does', () => {
    expect(parseCfnYaml('a: !If [x, y, z]\n')).toEqual({ a: { 'Fn::If': ['x', 'y', 'z'] } });
    expect(parseCfnYaml('a: !GetAtt Db.Endpoint.Address\n')).toEqual({
      a: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
    });
    expect(parseCfnYaml("a: !Select [0, !GetAZs '']\nb: !GetAZs\n")).toEqual({
      a: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      b: { 'Fn::GetAZs': '' },
    });
  });

  it('refuses YAML it does not understand, naming the file, line and column', () => {
    const syntaxError = (source: string): TemplateSyntaxError => {
      try {
        parseCfnYaml(source, 'template.yaml');
      } catch (err) {
        if (err instanceof TemplateSyntaxError) return err;
        throw err;
      }
      throw new Error('parsed without error');
    };
    const indent = syntaxError('Resources:\n  A: 1\n B: 2\n');
    expect(indent.code).toBe('TEMPLATE_SYNTAX');
    expect([indent.line, indent.column]).toEqual([3, 1]);
    expect(indent.message).toMatch(/^template\.yaml:3:1 BAD_INDENT/);

    const tag = syntaxError('a: 1\nb: !Reff X\n');
    expect([tag.line, tag.column]).toEqual([2, 4]);
    expect(tag.message).toMatch(/template\.yaml:2:4 TAG_RESOLVE_FAILED.*!Reff/);

    const duplicate = syntaxError('a: 1\na: 2\n');
    expect(duplicate.message).toMatch(/template\.yaml:2:1 DUPLICATE_KEY/);
    expect(syntaxError('a: [1, 2\n').line).toBeGreaterThan(0);
  });
});
