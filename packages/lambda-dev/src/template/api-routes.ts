// Routes of API Gateway APIs in a SAM template: the `Api` / `HttpApi` events of functions, and
// the OpenAPI `DefinitionBody` of `AWS::Serverless::Api` / `HttpApi` resources, whose
// `x-amazon-apigateway-integration` names the function in its `uri`.
import { type ResolveScope, resolveValue, Unresolvable } from './intrinsics.ts';
import type { TemplateApi, TemplateRoute } from './model.ts';

export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** OpenAPI operation keys API Gateway reads, and the method each stands for. */
const OPERATIONS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

/** `.../functions/<arn>/invocations` or `/response-streaming-invocations`, as API Gateway wants. */
const INTEGRATION_URI =
  /\/functions\/arn:[^/]*:lambda:[^/]*:[^/]*:function:([^/:]+)(?::[^/]+)?\/(invocations|response-streaming-invocations)$/;

export interface RouteContext {
  scope: ResolveScope;
  /** Finds a function's logical id from the name an ARN carries (logical id or FunctionName). */
  functionByName(name: string): string | undefined;
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The routes an OpenAPI definition body declares with Lambda proxy integrations. */
export function definitionRoutes(
  api: TemplateApi,
  body: unknown,
  ctx: RouteContext,
): TemplateRoute[] {
  const routes: TemplateRoute[] = [];
  const paths = isRecord(body) && isRecord(body.paths) ? body.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = OPERATIONS[key.toLowerCase()];
      if (!method || !isRecord(operation)) continue;
      const integration = operation['x-amazon-apigateway-integration'];
      if (!isRecord(integration)) continue;
      const where = `${api.logicalId} ${method} ${path}`;
      const type = String(integration.type ?? '').toLowerCase();
      if (type !== 'aws_proxy') {
        ctx.problems.push(
          `${where}: integration type "${integration.type}" is not emulated (only aws_proxy)`,
        );
        continue;
      }
      let uri: string;
      try {
        uri = String(resolveValue(integration.uri, ctx.scope));
      } catch (err) {
        if (!(err instanceof Unresolvable)) throw err;
        ctx.problems.push(`${where}: integration uri cannot be resolved: ${err.message}`);
        continue;
      }
      const match = INTEGRATION_URI.exec(uri);
      const functionId = match ? ctx.functionByName(match[1] as string) : undefined;
      if (!match || !functionId) {
        ctx.problems.push(`${where}: integration uri ${uri} names no function of this template`);
        continue;
      }
      const streamingUri = match[2] === 'response-streaming-invocations';
      const streaming = String(integration.responseTransferMode ?? '').toUpperCase() === 'STREAM';
      if (api.kind === 'rest' && streaming !== streamingUri) {
        ctx.problems.push(
          `${where}: responseTransferMode ${streaming ? 'STREAM' : 'BUFFERED'} needs the ` +
            `${streaming ? 'response-streaming-invocations' : 'invocations'} uri (API Gateway refuses this pair)`,
        );
        continue;
      }
      routes.push({
        api,
        method,
        path,
        functionId,
        streaming: api.kind === 'rest' && streaming,
        payloadVersion: payloadVersion(api, integration.payloadFormatVersion),
      });
    }
  }
  return routes;
}

function payloadVersion(api: TemplateApi, declared: unknown): '1.0' | '2.0' {
  if (api.kind === 'rest') return '1.0';
  return String(declared ?? '2.0') === '1.0' ? '1.0' : '2.0';
}

/** The route of one `Api` / `HttpApi` event of a function. */
export function eventRoute(
  functionId: string,
  eventName: string,
  event: Record<string, unknown>,
  apis: ReadonlyMap<string, TemplateApi>,
  ctx: RouteContext,
): TemplateRoute | undefined {
  const kind = event.Type === 'Api' ? 'rest' : 'http';
  const props = isRecord(event.Properties) ? event.Properties : {};
  const where = `${functionId} event ${eventName}`;
  const apiRef = kind === 'rest' ? props.RestApiId : props.ApiId;
  const apiId =
    apiRef === undefined
      ? kind === 'rest'
        ? IMPLICIT_REST_API
        : IMPLICIT_HTTP_API
      : isRecord(apiRef) && typeof apiRef.Ref === 'string'
        ? apiRef.Ref
        : String(apiRef);
  const api = apis.get(apiId);
  if (!api || api.kind !== kind) {
    ctx.problems.push(
      `${where}: ${apiId} is not an ${kind === 'rest' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi'} of this template`,
    );
    return undefined;
  }
  const method = String(props.Method ?? (kind === 'http' ? 'ANY' : '')).toUpperCase();
  const path = props.Path === undefined && kind === 'http' ? '$default' : String(props.Path ?? '');
  if (!path.startsWith('/') && path !== '$default') {
    ctx.problems.push(`${where}: Path "${path}" must start with /`);
    return undefined;
  }
  if (method === '') {
    ctx.problems.push(`${where}: Method is missing`);
    return undefined;
  }
  const streaming =
    kind === 'rest' && String(props.ResponseTransferMode ?? '').toUpperCase() === 'STREAM';
  return {
    api,
    method: method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method,
    path,
    functionId,
    streaming,
    payloadVersion: payloadVersion(api, props.PayloadFormatVersion),
  };
}
