import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { type BuiltFunction, buildFunction } from '../build/build-function.ts';
import { functionUrlTarget, handleFrontDoorRequest } from '../front-door/front-door.ts';
import type { DevFunction } from '../functions/dev-function.ts';
import { FunctionRegistry } from '../functions/registry.ts';
import { createInvokeApi } from '../invoke-api/invoke-api.ts';
import { mountInvokeApi } from '../invoke-api/mount.ts';
import { closeServer, listen } from '../listen.ts';
import { DevLog } from '../log.ts';
import { serverClosing } from '../relay/error-responses.ts';
import { guardRequest } from '../relay/guard-request.ts';
import { createApiFrontDoor } from '../routes/api-front-door.ts';
import { RouteClashError, RouteTable } from '../routes/route-table.ts';
import { locateRic } from '../runtime-pool/runtime-process.ts';
import { handlerLoadFailure } from '../runtime-pool/startup-check.ts';
import type { DevRuntimeKind, DevServer, DevServerStats, DevTemplateOptions } from '../types.ts';
import { unresolvedWarning } from './environment.ts';
import { TemplateError } from './errors.ts';
import type { TemplateModel } from './model.ts';
import { readTemplate } from './read-template.ts';
import { templateEnvironments } from './template-environment.ts';
import {
  createTemplateFunction,
  namedError,
  templateFunctionOptions,
} from './template-function.ts';
import { templateInfo } from './template-info.ts';

interface Running {
  fn: DevFunction;
  log: DevLog;
}

/**
 * Serves a SAM template: reads it, resolves every function's environment (what does not
 * resolve is left unset with a warning, or refused with `strictEnv`), builds the functions,
 * checks each one's runtime and handler as single-handler mode does, then runs each in its own
 * runtime pool behind its API routes (one origin, each API under its stage prefix, with the
 * Invoke APIs) and its Function URL (an origin of its own, as on AWS).
 */
export async function startTemplateServer(input: DevTemplateOptions): Promise<DevServer> {
  const overrides = input.parameterOverrides ?? {};
  const model = await readTemplate(input.template, { parameterOverrides: overrides });
  const table = routeTable(model);
  if (input.runtime === 'ric') locateRic(dirname(model.file)); // fail before any build
  const log = new DevLog(input.logCapacity ?? 5000, input.onLog);
  const hostname = input.hostname ?? '127.0.0.1';
  const port = input.port ?? 3001;
  const running = new Map<string, Running>();
  const registry = new FunctionRegistry();
  const builds: BuiltFunction[] = [];
  const servers: Server[] = [];
  let closing = false;
  const isClosing = () => closing;

  const shutdown = async (): Promise<void> => {
    closing = true;
    await Promise.all(builds.map((build) => build.stop()));
    await Promise.all(servers.map((server) => closeServer(server)));
    await registry.close();
  };

  const apiDoor = createApiFrontDoor({
    table,
    functionFor: (id) => running.get(id),
    log,
    isClosing,
  });
  mountInvokeApi(apiDoor, createInvokeApi({ registry, log, isClosing }));
  servers.push(apiDoor);
  const functionUrls = new Map<string, string>();
  const runtimeApiUrls = new Map<string, string>();
  let url: string;
  try {
    url = await listen(apiDoor, port, hostname);
    let nextPort = port === 0 ? 0 : port + 1;
    for (const fn of model.functions) {
      if (!fn.functionUrl) continue;
      const streaming = fn.functionUrl.invokeMode === 'RESPONSE_STREAM';
      const door = functionUrlDoor(() => running.get(fn.logicalId), streaming, isClosing);
      servers.push(door);
      functionUrls.set(fn.logicalId, `${await listen(door, nextPort, hostname)}/`);
      if (nextPort !== 0) nextPort++;
    }
    const environments = await templateEnvironments(model, input, functionUrls);
    for (const unresolved of environments.unresolved) {
      const message = unresolvedWarning(unresolved);
      log.forFunction(unresolved.functionId).event({ level: 'warn', message });
    }
    const buildDir = input.buildDir ?? join(dirname(model.file), '.aws-sam', 'lambda-dev');
    for (const fn of model.functions) {
      const fnLog = log.forFunction(fn.logicalId);
      const built = await buildFunction(fn, {
        buildDir,
        skip: input.build === false,
        watch: input.watch ?? false,
        onRebuilt: () => running.get(fn.logicalId)?.fn.pool.reload(),
        onRebuildFailed: (_fn, message) =>
          fnLog.event({
            level: 'error',
            message: `Build failed; still serving the last build:\n${message}`,
          }),
        onOutput: (_fn, line) => fnLog.event({ level: 'info', message: `build: ${line}` }),
        onWatchProblem: (_fn, message) => fnLog.event({ level: 'warn', message }),
      });
      builds.push(built);
      const env = withBuildEnv(environments.variables.get(fn.logicalId) ?? {}, built.env);
      const devFunction = await createTemplateFunction(
        fn,
        templateFunctionOptions(fn, built.codeRoot, env, input),
        input,
        fnLog,
      );
      registry.add(devFunction);
      running.set(fn.logicalId, { fn: devFunction, log: fnLog });
    }
    for (const [id, { fn }] of running) runtimeApiUrls.set(id, await fn.pool.api.listen());
    await refuseUnloadable(model, running);
  } catch (err) {
    await shutdown();
    throw err;
  }
  const pools = () => [...running.values()].map(({ fn }) => fn.pool);
  let closed: Promise<void> | undefined;
  return {
    url,
    runtimeApiUrl: runtimeApiUrls.values().next().value ?? '',
    logs: log.entries,
    stats: () => sumStats(pools().map((pool) => pool.stats())),
    reload: () => {
      for (const pool of pools()) pool.reload();
    },
    close() {
      closed ??= shutdown();
      return closed;
    },
    template: templateInfo(model, table, url, functionUrls, runtimeApiUrls, runtimes(running)),
  };
}

/**
 * Starts each function's first runtime and waits for its init (in parallel, each at most its
 * init timeout): a handler module or export that cannot be loaded stops startup, every such
 * function named, as single-handler mode does.
 */
async function refuseUnloadable(
  model: TemplateModel,
  running: ReadonlyMap<string, Running>,
): Promise<void> {
  const failures = await Promise.all(
    model.functions.map(async (templateFn) => {
      const fn = running.get(templateFn.logicalId)?.fn;
      const first = fn?.pool.warm();
      const failure = fn && first && (await handlerLoadFailure(first, fn.options));
      return failure ? (namedError(templateFn, failure) as TemplateError) : undefined;
    }),
  );
  const problems = failures.flatMap((failure) => failure?.problems ?? []);
  if (problems.length > 0) throw new TemplateError('HANDLER_NOT_LOADABLE', problems);
}

function runtimes(running: ReadonlyMap<string, Running>): Map<string, DevRuntimeKind> {
  return new Map([...running].map(([id, { fn }]) => [id, fn.options.runtime]));
}

function routeTable(model: TemplateModel): RouteTable {
  try {
    return new RouteTable(model.routes);
  } catch (err) {
    if (err instanceof RouteClashError) throw new TemplateError('ROUTE_CLASH', err.clashes);
    throw err;
  }
}

/** A Function URL of its own origin; it waits for its function, which starts after the build. */
function functionUrlDoor(
  target: () => Running | undefined,
  streaming: boolean,
  isClosing: () => boolean,
): Server {
  const urlTarget = functionUrlTarget(streaming);
  return createServer((req, res) => {
    const found = target();
    if (!found) {
      const answer = serverClosing('url');
      res.writeHead(answer.head.status, answer.head.headers);
      res.end(answer.body);
      return;
    }
    const deps = { options: found.fn.options, pool: found.fn.pool, log: found.log, isClosing };
    guardRequest(res, found.log, () => handleFrontDoorRequest(req, res, deps, urlTarget));
  });
}

/** SAM appends what the build needs (source maps) to the function's NODE_OPTIONS. */
function withBuildEnv(
  env: Record<string, string>,
  build: Record<string, string>,
): Record<string, string> {
  const merged = { ...env };
  for (const [name, value] of Object.entries(build)) {
    const current = merged[name];
    merged[name] =
      current && name === 'NODE_OPTIONS'
        ? current.includes(value)
          ? current
          : `${current} ${value}`
        : value;
  }
  return merged;
}

function sumStats(all: DevServerStats[]): DevServerStats {
  return all.reduce(
    (sum, stats) => ({
      busy: sum.busy + stats.busy,
      idle: sum.idle + stats.idle,
      runtimes: sum.runtimes + stats.runtimes,
    }),
    { busy: 0, idle: 0, runtimes: 0 },
  );
}
