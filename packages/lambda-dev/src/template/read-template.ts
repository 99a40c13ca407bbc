import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DevServerError } from '../errors.ts';
import { ACCOUNT_ID, REGION } from '../runtime-pool/runtime-env.ts';
import {
  definitionRoutes,
  eventRoute,
  IMPLICIT_HTTP_API,
  IMPLICIT_REST_API,
  type RouteContext,
} from './api-routes.ts';
import { parseCfnYaml } from './cfn-yaml.ts';
import { TemplateError } from './errors.ts';
import { mergeGlobals } from './globals.ts';
import {
  type ResolveScope,
  type ResourceLookup,
  resolveValue,
  Unresolvable,
} from './intrinsics.ts';
import type {
  BuildSpec,
  InvokeMode,
  TemplateApi,
  TemplateFunction,
  TemplateModel,
  TemplateRoute,
} from './model.ts';
import { resolveScope } from './scope.ts';

type Node = Record<string, unknown>;

function isRecord(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ReadTemplateOptions {
  /** `--parameter-overrides`, parsed. */
  parameterOverrides?: Readonly<Record<string, string>>;
}

/** Reads a SAM template file into what the dev server serves; throws on anything it cannot. */
export async function readTemplate(
  file: string,
  options: ReadTemplateOptions = {},
): Promise<TemplateModel> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DevServerError(
      'TEMPLATE_NOT_FOUND',
      `Cannot read template ${path}: ${(err as Error).message}`,
    );
  }
  return templateModel(parseCfnYaml(text, path), path, options);
}

/** Builds the model of an already parsed template (`file` anchors relative `CodeUri`s). */
export function templateModel(
  doc: unknown,
  file: string,
  options: ReadTemplateOptions = {},
): TemplateModel {
  if (!isRecord(doc) || !isRecord(doc.Resources)) {
    throw new TemplateError('INVALID_TEMPLATE', [`${file} has no Resources`]);
  }
  const resources = doc.Resources;
  const globals = isRecord(doc.Globals) ? doc.Globals : {};
  const problems: string[] = [];
  const resourceTypes = new Map<string, string>();
  for (const [id, resource] of Object.entries(resources)) {
    resourceTypes.set(id, isRecord(resource) ? String(resource.Type) : 'unknown');
  }
  const parameters = new Map<string, string | undefined>();
  const secretParameters = new Set<string>();
  for (const [name, spec] of Object.entries(isRecord(doc.Parameters) ? doc.Parameters : {})) {
    const fallback = isRecord(spec) ? spec.Default : undefined;
    parameters.set(name, fallback === undefined ? undefined : String(fallback));
    if (isRecord(spec) && String(spec.NoEcho) === 'true') secretParameters.add(name);
  }
  const partial = {
    parameters,
    resourceTypes,
    conditions: isRecord(doc.Conditions) ? doc.Conditions : {},
    mappings: isRecord(doc.Mappings) ? doc.Mappings : {},
  };
  const scope = resolveScope(
    partial,
    options.parameterOverrides ?? {},
    templateLookup(resourceTypes),
  );
  const functions: TemplateFunction[] = [];
  const propertiesOf = (id: string, kind: string): Node => {
    const resource = resources[id] as Node;
    return mergeGlobals(
      globals[kind],
      isRecord(resource.Properties) ? resource.Properties : {},
    ) as Node;
  };
  const ids = [...resourceTypes].filter(([, type]) => type === 'AWS::Serverless::Function');
  const names = new Map<string, string>();
  for (const [id] of ids) {
    const props = propertiesOf(id, 'Function');
    const fn = readFunction(id, resources[id] as Node, props, file, problems);
    if (fn) {
      fn.functionName = functionNameOf(id, props.FunctionName, scope, problems);
      functions.push(fn);
      names.set(fn.functionName, id);
    }
    names.set(id, id);
  }
  const ctx: RouteContext = {
    scope,
    functionByName: (name) => names.get(name),
    problems,
  };
  const routes = readRoutes(resources, resourceTypes, globals, functions, ctx);
  if (problems.length > 0) throw new TemplateError('UNSUPPORTED_TEMPLATE', problems);
  return { file, functions, routes, secretParameters, ...partial };
}

function readFunction(
  id: string,
  resource: Node,
  props: Node,
  file: string,
  problems: string[],
): TemplateFunction | undefined {
  const runtime = typeof props.Runtime === 'string' ? props.Runtime : '';
  if (!runtime.startsWith('nodejs')) {
    const what =
      props.PackageType === 'Image' ? 'a container image' : `runtime "${runtime || 'none'}"`;
    problems.push(`${id}: ${what} is not supported; the dev server runs nodejs* functions only`);
    return undefined;
  }
  if (typeof props.Handler !== 'string' || !props.Handler.includes('.')) {
    problems.push(
      `${id}: Handler must be "<module>.<export>", got ${JSON.stringify(props.Handler)}`,
    );
    return undefined;
  }
  if (typeof props.CodeUri !== 'string' || props.CodeUri.startsWith('s3://')) {
    const given = props.InlineCode !== undefined ? 'InlineCode' : JSON.stringify(props.CodeUri);
    problems.push(`${id}: CodeUri must be a local folder, got ${given}`);
    return undefined;
  }
  const metadata = isRecord(resource.Metadata) ? resource.Metadata : {};
  const method = String(metadata.BuildMethod ?? 'none').toLowerCase();
  let build: BuildSpec;
  if (method === 'esbuild') {
    build = {
      method,
      properties: isRecord(metadata.BuildProperties) ? metadata.BuildProperties : {},
    };
  } else if (method === 'makefile') {
    build = { method };
  } else if (method === 'none' || method.startsWith('nodejs')) {
    build = { method: 'none' };
  } else {
    problems.push(
      `${id}: BuildMethod "${metadata.BuildMethod}" is not supported (esbuild or makefile)`,
    );
    return undefined;
  }
  const url = isRecord(props.FunctionUrlConfig) ? props.FunctionUrlConfig : undefined;
  const invokeMode = String(url?.InvokeMode ?? 'BUFFERED').toUpperCase();
  if (url && invokeMode !== 'BUFFERED' && invokeMode !== 'RESPONSE_STREAM') {
    problems.push(
      `${id}: FunctionUrlConfig.InvokeMode "${url.InvokeMode}" is not BUFFERED or RESPONSE_STREAM`,
    );
  }
  const variables = isRecord(props.Environment) ? props.Environment.Variables : undefined;
  return {
    logicalId: id,
    functionName: id, // FunctionName, once resolved, replaces it
    runtime,
    handler: props.Handler,
    codeUri: isAbsolute(props.CodeUri) ? props.CodeUri : resolve(dirname(file), props.CodeUri),
    timeoutSec: numberOr(props.Timeout, 3),
    memoryMb: numberOr(props.MemorySize, 128),
    architectures: Array.isArray(props.Architectures)
      ? props.Architectures.map(String)
      : ['x86_64'],
    environment: isRecord(variables) ? variables : {},
    build,
    functionUrl: url
      ? { invokeMode: invokeMode as InvokeMode, authType: String(url.AuthType ?? 'NONE') }
      : undefined,
  };
}

/** `FunctionName` (intrinsics resolved, e.g. `!Sub ${AWS::StackName}-api`), else the logical id. */
function functionNameOf(
  id: string,
  given: unknown,
  scope: ResolveScope,
  problems: string[],
): string {
  if (given === undefined) return id;
  try {
    return String(resolveValue(given, scope));
  } catch (err) {
    if (!(err instanceof Unresolvable)) throw err;
    problems.push(`${id}: FunctionName cannot be resolved: ${err.message}`);
    return id;
  }
}

function numberOr(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : Number(value);
  return value === undefined || !Number.isFinite(n) ? fallback : n;
}

function readRoutes(
  resources: Node,
  resourceTypes: ReadonlyMap<string, string>,
  globals: Node,
  functions: readonly TemplateFunction[],
  ctx: RouteContext,
): TemplateRoute[] {
  const apis = new Map<string, TemplateApi>([
    [IMPLICIT_REST_API, { logicalId: IMPLICIT_REST_API, kind: 'rest', stage: 'Prod' }],
    [IMPLICIT_HTTP_API, { logicalId: IMPLICIT_HTTP_API, kind: 'http', stage: '$default' }],
  ]);
  const bodies: Array<[TemplateApi, unknown]> = [];
  for (const [id, type] of resourceTypes) {
    const kind =
      type === 'AWS::Serverless::Api'
        ? 'rest'
        : type === 'AWS::Serverless::HttpApi'
          ? 'http'
          : undefined;
    if (!kind) continue;
    const resource = resources[id] as Node;
    const props = mergeGlobals(
      globals[kind === 'rest' ? 'Api' : 'HttpApi'],
      isRecord(resource.Properties) ? resource.Properties : {},
    ) as Node;
    let stage = kind === 'rest' ? undefined : '$default';
    try {
      if (props.StageName !== undefined) stage = String(resolveValue(props.StageName, ctx.scope));
    } catch (err) {
      if (!(err instanceof Unresolvable)) throw err;
      ctx.problems.push(`${id}: StageName cannot be resolved: ${err.message}`);
    }
    if (stage === undefined) {
      ctx.problems.push(`${id}: an AWS::Serverless::Api needs a StageName`);
      continue;
    }
    const api: TemplateApi = { logicalId: id, kind, stage };
    apis.set(id, api);
    if (props.DefinitionBody !== undefined) bodies.push([api, props.DefinitionBody]);
  }
  const routes: TemplateRoute[] = [];
  for (const [api, body] of bodies) routes.push(...definitionRoutes(api, body, ctx));
  for (const fn of functions) {
    const resource = resources[fn.logicalId] as Node;
    const events = isRecord(resource.Properties) ? resource.Properties.Events : undefined;
    for (const [name, event] of Object.entries(isRecord(events) ? events : {})) {
      if (!isRecord(event) || (event.Type !== 'Api' && event.Type !== 'HttpApi')) continue;
      const route = eventRoute(fn.logicalId, name, event, apis, ctx);
      // SAM merges an event into the API's definition body; the same route twice is one.
      if (route && !routes.some((known) => sameRoute(known, route))) routes.push(route);
    }
  }
  return routes;
}

function sameRoute(a: TemplateRoute, b: TemplateRoute): boolean {
  return (
    a.api === b.api && a.method === b.method && a.path === b.path && a.functionId === b.functionId
  );
}

/**
 * What integration URIs need while the template is read: a function's ARN carries its logical
 * id (the route keeps the id; names and addresses are settled when the server starts).
 */
function templateLookup(resourceTypes: ReadonlyMap<string, string>): ResourceLookup {
  const isFunction = (id: string) => resourceTypes.get(id) === 'AWS::Serverless::Function';
  return {
    ref: (id) => (isFunction(id) ? id : undefined),
    getAtt: (id, attribute) =>
      isFunction(id) && attribute === 'Arn'
        ? `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${id}`
        : undefined,
  };
}
