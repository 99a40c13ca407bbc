import { ACCOUNT_ID, REGION } from '../runtime-pool/runtime-env.ts';
import type { DevTemplateOptions } from '../types.ts';
import { functionEnvironment, type UnresolvedVariable, unresolvedProblem } from './environment.ts';
import { TemplateError } from './errors.ts';
import type { ResourceLookup } from './intrinsics.ts';
import type { TemplateModel } from './model.ts';
import { type EnvVarsFile, parseEnvVars, readEnvVarsFile } from './parameters.ts';
import { resolveScope } from './scope.ts';

export interface TemplateEnvironments {
  /** Logical id -> the variables its runtime gets. */
  variables: Map<string, Record<string, string>>;
  /** Declared variables that did not resolve: left unset (with `strictEnv`, an error instead). */
  unresolved: UnresolvedVariable[];
}

/**
 * Every function's environment variables, resolved. With `strictEnv`, throws one `TemplateError`
 * (`UNRESOLVED_ENVIRONMENT`) listing each variable of each function that did not resolve.
 */
export async function templateEnvironments(
  model: TemplateModel,
  input: DevTemplateOptions,
  functionUrls: ReadonlyMap<string, string>,
): Promise<TemplateEnvironments> {
  const envVars = await envVarsOf(input.envVars);
  const scope = resolveScope(
    model,
    input.parameterOverrides ?? {},
    localResources(model, functionUrls),
  );
  const shell = input.inheritShellEnv === false ? {} : process.env;
  const variables = new Map<string, Record<string, string>>();
  const unresolved: UnresolvedVariable[] = [];
  for (const fn of model.functions) {
    const result = functionEnvironment(fn, { scope, envVars, shell });
    variables.set(fn.logicalId, result.variables);
    unresolved.push(...result.unresolved);
  }
  if (input.strictEnv && unresolved.length > 0) {
    throw new TemplateError('UNRESOLVED_ENVIRONMENT', unresolved.map(unresolvedProblem));
  }
  return { variables, unresolved };
}

async function envVarsOf(given: DevTemplateOptions['envVars']): Promise<EnvVarsFile> {
  if (given === undefined) return {};
  if (typeof given === 'string') return readEnvVarsFile(given);
  return parseEnvVars(JSON.stringify(given), 'envVars');
}

/** What the dev server itself provides: function names and ARNs, Function URL addresses. */
function localResources(
  model: TemplateModel,
  functionUrls: ReadonlyMap<string, string>,
): ResourceLookup {
  const byId = new Map(model.functions.map((fn) => [fn.logicalId, fn]));
  const arn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
  return {
    ref: (id) => byId.get(id)?.functionName,
    getAtt(id, attribute) {
      const fn = byId.get(id);
      if (fn && attribute === 'Arn') return arn(fn.functionName);
      const owner = id.endsWith('Url') ? byId.get(id.slice(0, -'Url'.length)) : undefined;
      if (!owner) return undefined;
      if (attribute === 'FunctionUrl') return functionUrls.get(owner.logicalId);
      if (attribute === 'FunctionArn') return arn(owner.functionName);
      return undefined;
    },
  };
}
