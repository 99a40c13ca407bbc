// Evaluates CloudFormation intrinsic functions (long form, as cfn-yaml.ts produces them) against
// what is known locally: parameter values, pseudo parameters, and what the dev server itself
// provides for resources (a function's name and ARN, a Function URL's address). Whatever needs a
// deployed stack (a bucket's name, an imported value) is `Unresolvable`, with the reason.

/** Why a value cannot be computed locally; caught per environment variable and reported. */
export class Unresolvable extends Error {}

/** Answers `Ref` / `Fn::GetAtt` on resources; `undefined` = not available locally. */
export interface ResourceLookup {
  ref(logicalId: string): string | undefined;
  getAtt(logicalId: string, attribute: string): string | undefined;
}

export interface ResolveScope {
  /** Effective parameter values (override, else Default); a missing name has no value. */
  parameters: ReadonlyMap<string, string>;
  /** Every parameter the template declares (to tell "no value" from "no such parameter"). */
  declaredParameters: ReadonlySet<string>;
  /** `AWS::Region` and friends. */
  pseudo: Readonly<Record<string, string>>;
  /** The template's resources by logical id (their `Type` names them in messages). */
  resourceTypes: ReadonlyMap<string, string>;
  resources: ResourceLookup;
  conditions?: Readonly<Record<string, unknown>>;
  mappings?: Readonly<Record<string, unknown>>;
}

/** `AWS::NoValue`: the property is dropped. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

type Json = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The one key of `{ Ref: x }` / `{ 'Fn::Sub': x }`, when `value` is an intrinsic call. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/** Resolves every intrinsic inside `value` (objects and arrays included). */
export function resolveValue(value: Json, scope: ResolveScope): Json {
  const name = intrinsicName(value);
  if (name) return resolveCall(name, (value as Record<string, unknown>)[name], scope);
  if (Array.isArray(value)) {
    return value.map((item) => resolveValue(item, scope)).filter((item) => item !== NO_VALUE);
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveValue(item, scope);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return value;
}

/** Resolves to a string as an environment variable holds it (numbers and booleans printed). */
export function resolveString(value: Json, scope: ResolveScope): string | typeof NO_VALUE {
  const resolved = resolveValue(value, scope);
  if (resolved === NO_VALUE) return NO_VALUE;
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new Unresolvable(`resolves to ${JSON.stringify(resolved)}, not a string`);
}

function resolveCall(name: string, args: Json, scope: ResolveScope): Json {
  switch (name) {
    case 'Ref':
      return ref(String(args), scope);
    case 'Fn::GetAtt':
      return getAtt(args, scope);
    case 'Fn::Sub':
      return sub(args, scope);
    case 'Fn::Join': {
      const [separator, list] = expectList(name, args, 2);
      const items = resolveValue(list, scope);
      if (!Array.isArray(items)) throw new Unresolvable('Fn::Join wants a list to join');
      return items.map((item) => scalarText(item)).join(String(resolveValue(separator, scope)));
    }
    case 'Fn::Select': {
      const [index, list] = expectList(name, args, 2);
      const items = resolveValue(list, scope);
      const at = Number(resolveValue(index, scope));
      if (!Array.isArray(items) || !(at >= 0 && at < items.length)) {
        throw new Unresolvable(`Fn::Select index ${at} is outside the list`);
      }
      return items[at];
    }
    case 'Fn::Split': {
      const [separator, text] = expectList(name, args, 2);
      return String(resolveValue(text, scope)).split(String(resolveValue(separator, scope)));
    }
    case 'Fn::If': {
      const [conditionName, whenTrue, whenFalse] = expectList(name, args, 3);
      return resolveValue(condition(String(conditionName), scope) ? whenTrue : whenFalse, scope);
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = expectList(name, args, 3).map((part) =>
        String(resolveValue(part, scope)),
      );
      const found = (scope.mappings?.[map as string] as Record<string, Record<string, unknown>>)?.[
        top as string
      ]?.[second as string];
      if (found === undefined)
        throw new Unresolvable(`Fn::FindInMap ${map}.${top}.${second} is not defined`);
      return found;
    }
    case 'Fn::Base64':
      return Buffer.from(String(resolveValue(args, scope))).toString('base64');
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
    case 'Condition':
      return evaluateCondition({ [name]: args }, scope);
    default:
      throw new Unresolvable(`${name} needs a deployed stack`);
  }
}

function expectList(name: string, args: Json, length: number): Json[] {
  if (!Array.isArray(args) || args.length !== length) {
    throw new Unresolvable(`${name} wants a list of ${length} items`);
  }
  return args;
}

function scalarText(value: Json): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  throw new Unresolvable(`cannot join ${JSON.stringify(value)}`);
}

function ref(target: string, scope: ResolveScope): Json {
  if (target === 'AWS::NoValue') return NO_VALUE;
  if (target.startsWith('AWS::')) {
    const pseudo = scope.pseudo[target];
    if (pseudo === undefined) throw new Unresolvable(`pseudo parameter ${target} is not known`);
    return pseudo;
  }
  if (scope.declaredParameters.has(target)) {
    const value = scope.parameters.get(target);
    if (value === undefined) {
      throw new Unresolvable(
        `parameter ${target} has no Default; give it with --parameter-overrides ${target}=...`,
      );
    }
    return value;
  }
  const type = scope.resourceTypes.get(target);
  if (type === undefined) throw new Unresolvable(`Ref ${target}: no such parameter or resource`);
  const value = scope.resources.ref(target);
  if (value === undefined) {
    throw new Unresolvable(`Ref ${target} names a ${type}, which the dev server does not create`);
  }
  return value;
}

function getAtt(args: Json, scope: ResolveScope): Json {
  const parts = typeof args === 'string' ? args.split('.') : args;
  if (!Array.isArray(parts) || parts.length < 2)
    throw new Unresolvable('Fn::GetAtt wants [Resource, Attribute]');
  const [logicalId, ...rest] = parts.map((part) => String(resolveValue(part, scope)));
  const attribute = rest.join('.');
  const type =
    scope.resourceTypes.get(logicalId as string) ?? implicitType(logicalId as string, scope);
  if (type === undefined) throw new Unresolvable(`Fn::GetAtt ${logicalId}: no such resource`);
  const value = scope.resources.getAtt(logicalId as string, attribute);
  if (value === undefined) {
    throw new Unresolvable(
      `Fn::GetAtt ${logicalId}.${attribute} (a ${type}) is not available locally`,
    );
  }
  return value;
}

/** Resources SAM generates (`<Function>Url`, `<Function>Role`) have no entry of their own. */
function implicitType(logicalId: string, scope: ResolveScope): string | undefined {
  for (const [suffix, type] of [
    ['Url', 'AWS::Lambda::Url'],
    ['Role', 'AWS::IAM::Role'],
  ] as const) {
    if (logicalId.endsWith(suffix) && scope.resourceTypes.has(logicalId.slice(0, -suffix.length))) {
      return type;
    }
  }
  return undefined;
}

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

function sub(args: Json, scope: ResolveScope): string {
  const [text, variables] = Array.isArray(args) ? args : [args, {}];
  if (typeof text !== 'string') throw new Unresolvable('Fn::Sub wants a string');
  const locals = isRecord(variables) ? variables : {};
  return text.replace(SUB_VARIABLE, (_whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`; // ${!Literal}
    const name = inner.trim();
    if (name in locals) return scalarText(resolveValue(locals[name], scope));
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      return scalarText(getAtt([name.slice(0, dot), name.slice(dot + 1)], scope));
    }
    return scalarText(ref(name, scope));
  });
}

function condition(name: string, scope: ResolveScope): boolean {
  const definition = scope.conditions?.[name];
  if (definition === undefined) throw new Unresolvable(`condition ${name} is not defined`);
  return evaluateCondition(definition, scope);
}

function evaluateCondition(value: Json, scope: ResolveScope): boolean {
  const name = intrinsicName(value);
  const args = name ? (value as Record<string, unknown>)[name] : undefined;
  switch (name) {
    case 'Condition':
      return condition(String(args), scope);
    case 'Fn::Equals': {
      const [a, b] = expectList(name, args, 2).map((side) => scalarText(resolveValue(side, scope)));
      return a === b;
    }
    case 'Fn::Not':
      return !evaluateCondition(expectList(name, args, 1)[0], scope);
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(args)) throw new Unresolvable(`${name} wants a list of conditions`);
      const results = args.map((item) => evaluateCondition(item, scope));
      return name === 'Fn::And' ? results.every(Boolean) : results.some(Boolean);
    }
    default:
      throw new Unresolvable(`${JSON.stringify(value)} is not a condition`);
  }
}
