import { NO_VALUE, type ResolveScope, resolveString, Unresolvable } from './intrinsics.ts';
import type { TemplateFunction } from './model.ts';
import type { EnvVarsFile } from './parameters.ts';

export interface EnvironmentSources {
  scope: ResolveScope;
  /** SAM's `--env-vars` file. */
  envVars: EnvVarsFile;
  /** The shell's environment: like `sam local`, it sets variables the template declares. */
  shell: Readonly<Record<string, string | undefined>>;
}

/** A declared variable whose template value cannot be computed locally, and why. */
export interface UnresolvedVariable {
  /** Logical id of the function. */
  functionId: string;
  name: string;
  reason: string;
}

export interface FunctionEnvironment {
  variables: Record<string, string>;
  /** Declared variables left out of `variables`: never set to an empty string. */
  unresolved: UnresolvedVariable[];
}

/**
 * A function's `Environment.Variables` as they reach the runtime, by SAM's rules: only declared
 * variables are set; the env-vars file (the function's own section, by logical id or
 * FunctionName, over its `Parameters` section) wins over the shell, which wins over the
 * template's value. A template value that cannot be computed locally and is not overridden is
 * left out and reported in `unresolved`.
 */
export function functionEnvironment(
  fn: TemplateFunction,
  sources: EnvironmentSources,
): FunctionEnvironment {
  const file = {
    ...sources.envVars.Parameters,
    ...sources.envVars[fn.functionName],
    ...sources.envVars[fn.logicalId],
  };
  const variables: Record<string, string> = {};
  const unresolved: UnresolvedVariable[] = [];
  for (const [name, value] of Object.entries(fn.environment)) {
    const override = file[name] ?? sources.shell[name];
    if (override !== undefined) {
      variables[name] = override;
      continue;
    }
    try {
      const resolved = resolveString(value, sources.scope);
      if (resolved !== NO_VALUE) variables[name] = resolved;
    } catch (err) {
      if (!(err instanceof Unresolvable)) throw err;
      unresolved.push({ functionId: fn.logicalId, name, reason: err.message });
    }
  }
  return { variables, unresolved };
}

/** The `strictEnv` startup error's line for one variable. */
export function unresolvedProblem({ functionId, name, reason }: UnresolvedVariable): string {
  return (
    `${functionId}: environment variable ${name}: ${reason} ` +
    `(set it in the --env-vars file under "${functionId}")`
  );
}

/** The startup warning for one variable left unset: what, why, and the two ways to set it. */
export function unresolvedWarning({ functionId, name, reason }: UnresolvedVariable): string {
  return (
    `Environment variable ${name} of ${functionId} is not set: ${reason}. Set it with ` +
    `--env-vars (env.json: {"${functionId}": {"${name}": "..."}}) or in the shell (${name}=...).`
  );
}
