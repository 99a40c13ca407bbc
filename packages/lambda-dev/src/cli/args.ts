import { parseArgs } from 'node:util';
import { DevServerError } from '../errors.ts';
import type { DevServerOptions, DevTemplateOptions } from '../types.ts';
import { TEMPLATE_USAGE, templateOptions } from './template-args.ts';

export const USAGE = `Usage: sluice-lambda dev <handler-file> [options]

Runs a Lambda function locally behind a Function URL (or API Gateway REST) front door,
with AWS's own runtime client. Response streaming is forwarded chunk by chunk.

Options:
  --export <name>        exported handler (default: handler)
  --function-name <name> FunctionName for the Invoke APIs and ARNs (default: <file name>-dev)
  --port <n>             front-door port, 0 = any free port (default: 3001)
  --host <name>          front-door hostname (default: 127.0.0.1)
  --mode url|rest        Function URL (payload 2.0) or API Gateway REST STREAM (v1) (default: url)
  --runtime ric|in-process
                         aws-lambda-ric child processes, or a JS runtime in worker threads
                         (default: ric)
  --timeout <seconds>    function timeout (default: 30)
  --concurrency <n>      invocations per runtime process (default: 1)
  --max-runtimes <n>     runtime processes at most; then 429 (default: 10)
  --bandwidth            model Lambda's streaming bandwidth (6 MB uncapped, then 2 MB/s)
  --env KEY=VALUE        function environment variable (repeatable)
  --watch                restart the runtimes when the handler file changes
  --quiet                print only the request log, not the function's output
  -h, --help             show this help

${TEMPLATE_USAGE}`;

export interface CliCommand {
  options: DevServerOptions | DevTemplateOptions;
  quiet: boolean;
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new DevServerError(
      'INVALID_ARGUMENT',
      `--${name} must be a whole number, got "${value}"`,
    );
  }
  return n;
}

/** `null` means: print the usage. */
export function parseCli(argv: string[]): CliCommand | null {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      export: { type: 'string' },
      'function-name': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      mode: { type: 'string' },
      runtime: { type: 'string' },
      timeout: { type: 'string' },
      concurrency: { type: 'string' },
      'max-runtimes': { type: 'string' },
      bandwidth: { type: 'boolean' },
      env: { type: 'string', multiple: true },
      watch: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      template: { type: 'string' },
      'parameter-overrides': { type: 'string', multiple: true },
      'env-vars': { type: 'string' },
      'strict-env': { type: 'boolean' },
      build: { type: 'boolean' },
      'build-dir': { type: 'string' },
    },
    allowNegative: true,
  });
  const [command, handler, ...rest] = positionals;
  if (values.help || command === undefined) return null;
  if (command !== 'dev')
    throw new DevServerError('INVALID_ARGUMENT', `Unknown command "${command}"`);
  if (!handler && values.template === undefined) {
    throw new DevServerError('INVALID_ARGUMENT', 'Missing <handler-file> (or --template)');
  }
  if (rest.length > 0) throw new DevServerError('INVALID_ARGUMENT', `Unexpected "${rest[0]}"`);
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new DevServerError('INVALID_ARGUMENT', `--env wants KEY=VALUE, got "${pair}"`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  const options: DevServerOptions = {
    handler: handler ?? '',
    export: values.export,
    functionName: values['function-name'],
    port: integer('port', values.port),
    hostname: values.host,
    mode: values.mode as DevServerOptions['mode'],
    runtime: values.runtime as DevServerOptions['runtime'],
    timeoutSec: timeout,
    concurrency: integer('concurrency', values.concurrency),
    maxRuntimes: integer('max-runtimes', values['max-runtimes']),
    bandwidth: values.bandwidth,
    env,
    watch: values.watch,
  };
  for (const key of Object.keys(options) as Array<keyof DevServerOptions>) {
    if (options[key] === undefined) delete options[key];
  }
  if (values.template !== undefined) {
    const flags = { ...values, template: values.template };
    return { options: templateOptions(flags, handler, options), quiet: values.quiet ?? false };
  }
  return { options, quiet: values.quiet ?? false };
}
