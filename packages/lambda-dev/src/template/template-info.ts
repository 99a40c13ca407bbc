import { type RouteTable, stagePrefix } from '../routes/route-table.ts';
import type { DevRuntimeKind, DevTemplateInfo } from '../types.ts';
import type { TemplateModel } from './model.ts';

/** What a template server serves, with addresses (for `DevServer.template` and the CLI). */
export function templateInfo(
  model: TemplateModel,
  table: RouteTable,
  url: string,
  functionUrls: ReadonlyMap<string, string>,
  runtimeApiUrls: ReadonlyMap<string, string>,
  runtimes: ReadonlyMap<string, DevRuntimeKind>,
): DevTemplateInfo {
  return {
    file: model.file,
    functions: model.functions.map((fn) => ({
      logicalId: fn.logicalId,
      functionName: fn.functionName,
      ...(fn.functionUrl
        ? { functionUrl: functionUrls.get(fn.logicalId), invokeMode: fn.functionUrl.invokeMode }
        : {}),
      runtimeApiUrl: runtimeApiUrls.get(fn.logicalId) ?? '',
      runtime: runtimes.get(fn.logicalId) ?? 'ric',
    })),
    routes: table.routes.map((route) => ({
      api: route.api.logicalId,
      kind: route.api.kind,
      method: route.method,
      path: route.path,
      url: `${url}${stagePrefix(route)}${route.path === '$default' ? '/' : route.path}`,
      functionId: route.functionId,
      streaming: route.streaming,
    })),
  };
}

/** The startup summary: every route and Function URL with its address. */
export function describeTemplate(info: DevTemplateInfo, url: string): string[] {
  const lines = [
    `Invoke APIs: ${url} (functions: ${info.functions.map((fn) => fn.functionName).join(', ')})`,
  ];
  for (const route of info.routes) {
    const kind = route.kind === 'rest' ? 'REST' : 'HTTP API';
    const how = route.streaming ? 'streamed' : 'buffered';
    lines.push(
      `${kind} ${route.api}: ${route.method} ${route.url} -> ${route.functionId} (${how})`,
    );
  }
  for (const fn of info.functions) {
    if (fn.functionUrl) {
      lines.push(`Function URL ${fn.logicalId}: ${fn.functionUrl} (${fn.invokeMode})`);
    }
  }
  return lines;
}
