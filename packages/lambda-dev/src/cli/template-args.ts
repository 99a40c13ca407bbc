import { DevServerError } from '../errors.ts';
import { parseParameterOverrides } from '../template/parameters.ts';
import type { DevServerOptions, DevTemplateOptions } from '../types.ts';

export const TEMPLATE_USAGE = `Template mode (every Node.js function of a SAM template, its routes and Function URLs):
  sluice-lambda dev --template template.yaml [options]
  --template <file>      SAM template; API routes on --port, each Function URL on its own port
                         (the next ports, in template order)
  --parameter-overrides <Key=Value ...>
                         template parameter values, as sam takes them (repeatable)
  --env-vars <env.json>  SAM's environment variable file ({"Parameters": {...}, "<LogicalId>": {...}})
  --strict-env           refuse to start when an environment value does not resolve locally
                         (default: leave it unset, with a warning naming how to set it)
  --no-build             serve each CodeUri as it is (skip Metadata.BuildMethod builds)
  --build-dir <dir>      where builds go (default: .aws-sam/lambda-dev beside the template)
  --watch                rebuild a function and restart its runtimes when its sources change
  (--runtime, --host, --concurrency, --max-runtimes, --bandwidth, --env, --quiet apply too;
   Timeout, MemorySize and Handler come from the template)`;

/** Flags that only mean something for a single handler file. */
const HANDLER_ONLY = ['export', 'function-name', 'mode', 'timeout'] as const;

export interface TemplateFlags {
  template: string;
  'parameter-overrides'?: string[];
  'env-vars'?: string;
  'strict-env'?: boolean;
  build?: boolean;
  'build-dir'?: string;
}

/** The template-mode options from the parsed flags and the options every mode shares. */
export function templateOptions(
  flags: TemplateFlags & Partial<Record<(typeof HANDLER_ONLY)[number], unknown>>,
  handlerPositional: string | undefined,
  shared: Omit<DevServerOptions, 'handler'>,
): DevTemplateOptions {
  if (handlerPositional !== undefined) {
    throw new DevServerError(
      'INVALID_ARGUMENT',
      `Give either <handler-file> or --template, not both ("${handlerPositional}")`,
    );
  }
  const misplaced = HANDLER_ONLY.filter((flag) => flags[flag] !== undefined);
  if (misplaced.length > 0) {
    throw new DevServerError(
      'INVALID_ARGUMENT',
      `--${misplaced.join(', --')} do not apply with --template (the template sets them)`,
    );
  }
  const options: DevTemplateOptions = {
    template: flags.template,
    port: shared.port,
    hostname: shared.hostname,
    runtime: shared.runtime,
    concurrency: shared.concurrency,
    maxRuntimes: shared.maxRuntimes,
    bandwidth: shared.bandwidth,
    env: shared.env,
    watch: shared.watch,
    parameterOverrides: parseParameterOverrides(flags['parameter-overrides'] ?? []),
    envVars: flags['env-vars'],
    strictEnv: flags['strict-env'],
    build: flags.build,
    buildDir: flags['build-dir'],
  };
  for (const key of Object.keys(options) as Array<keyof DevTemplateOptions>) {
    if (options[key] === undefined) delete options[key];
  }
  return options;
}
