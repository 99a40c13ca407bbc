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

export type FunctionEnvironment =
  | { ok: true; variables: Record<string, string> }
  | { ok: false; problems: string[] };

/**
 * A function's `Environment.Variables` as they reach the runtime, by SAM's rules: only declared
 * variables are set; the env-vars file (the function's own section, by logical id or
 * FunctionName, over its `Parameters` section) wins over the shell, which wins over the
 * template's value. A template value that cannot be computed locally and is not overridden is
 * a problem, named by function and variable: never an empty string.
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
  const problems: string[] = [];
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
      problems.push(
        `${fn.logicalId}: environment variable ${name}: ${err.message} ` +
          `(set it in the --env-vars file under "${fn.logicalId}")`,
      );
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, variables };
}
