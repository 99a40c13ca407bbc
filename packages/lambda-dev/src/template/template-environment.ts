import { ACCOUNT_ID, REGION } from '../runtime-pool/runtime-env.ts';
import type { DevTemplateOptions } from '../types.ts';
import { functionEnvironment } from './environment.ts';
import { TemplateError } from './errors.ts';
import type { ResourceLookup } from './intrinsics.ts';
import type { TemplateModel } from './model.ts';
import { type EnvVarsFile, parseEnvVars, readEnvVarsFile } from './parameters.ts';
import { resolveScope } from './scope.ts';

/**
 * Every function's environment variables, resolved (logical id -> variables); throws one
 * `TemplateError` listing each variable of each function that did not resolve.
 */
export async function templateEnvironments(
  model: TemplateModel,
  input: DevTemplateOptions,
  functionUrls: ReadonlyMap<string, string>,
): Promise<Map<string, Record<string, string>>> {
  const envVars = await envVarsOf(input.envVars);
  const scope = resolveScope(
    model,
    input.parameterOverrides ?? {},
    localResources(model, functionUrls),
  );
  const shell = input.inheritShellEnv === false ? {} : process.env;
  const environments = new Map<string, Record<string, string>>();
  const problems: string[] = [];
  for (const fn of model.functions) {
    const result = functionEnvironment(fn, { scope, envVars, shell });
    if (result.ok) environments.set(fn.logicalId, result.variables);
    else problems.push(...result.problems);
  }
  if (problems.length > 0) throw new TemplateError('UNRESOLVED_ENVIRONMENT', problems);
  return environments;
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
