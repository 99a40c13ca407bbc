import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type EventRoute, functionUrlEvent, restProxyEvent } from '../front-door/events.ts';
import { type FrontDoorTarget, handleFrontDoorRequest } from '../front-door/front-door.ts';
import type { DevFunction } from '../functions/dev-function.ts';
import type { DevLog } from '../log.ts';
import type { ApiKind, TemplateRoute } from '../template/model.ts';
import type { RouteMatch, RouteTable } from './route-table.ts';

export interface ApiFrontDoorDeps {
  table: RouteTable;
  /** The running function of a route, by logical id (with its own log). */
  functionFor(logicalId: string): { fn: DevFunction; log: DevLog } | undefined;
  log: DevLog;
  isClosing(): boolean;
}

/**
 * The API Gateway front door of a template: REST stages and HTTP APIs on one origin. A request
 * goes to the function of the route it matches, with that route's event; REST routes stream
 * when their integration does, HTTP API routes answer what the function returned.
 */
export function createApiFrontDoor(deps: ApiFrontDoorDeps): Server {
  return createServer((req, res) => {
    const url = req.url ?? '/';
    const at = url.indexOf('?');
    const found = deps.table.match(req.method ?? 'GET', at >= 0 ? url.slice(0, at) : url);
    const target = found.found ? deps.functionFor(found.route.functionId) : undefined;
    if (!found.found || !target) {
      missingRoute(req, res, found.found ? found.route.api.kind : found.kind, deps.log);
      return;
    }
    void handleFrontDoorRequest(
      req,
      res,
      {
        options: target.fn.options,
        pool: target.fn.pool,
        log: target.log,
        isClosing: deps.isClosing,
      },
      routeTarget(found),
    );
  });
}

/** The event a matched route sends, and how its response reads. */
export function routeTarget(match: RouteMatch): FrontDoorTarget {
  const { route } = match;
  const eventRoute: EventRoute = {
    apiId: apiId(route),
    resource: route.path,
    method: route.method,
    stage: route.api.stage,
    rawPath: match.rawPath,
    pathParameters: match.pathParameters,
  };
  if (route.payloadVersion === '2.0') {
    return { mode: 'url', event: (info) => functionUrlEvent(info, eventRoute) };
  }
  if (route.api.kind === 'http') {
    return {
      mode: 'rest',
      event: (info) => ({ version: '1.0', ...restProxyEvent(info, eventRoute) }),
    };
  }
  return { mode: 'rest', event: (info) => restProxyEvent(info, eventRoute) };
}

/** API Gateway ids are 10 lower-case characters; a logical id stands in for one here. */
function apiId(route: TemplateRoute): string {
  return route.api.logicalId.toLowerCase();
}

/** What API Gateway answers for a path or method no route has. */
function missingRoute(
  req: IncomingMessage,
  res: ServerResponse,
  kind: ApiKind | undefined,
  log: DevLog,
): void {
  req.resume();
  const startedAt = Date.now();
  const rest = kind === 'rest';
  const status = rest ? 403 : 404;
  const body = JSON.stringify({ message: rest ? 'Missing Authentication Token' : 'Not Found' });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (rest) headers['x-amzn-ErrorType'] = 'MissingAuthenticationTokenException';
  res.writeHead(status, headers);
  res.end(body);
  log.request({
    requestId: randomUUID(),
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    status,
    bytes: Buffer.byteLength(body),
    ttfbMs: Date.now() - startedAt,
    durationMs: Date.now() - startedAt,
    outcome: 'error',
    errorType: rest ? 'MissingAuthenticationTokenException' : 'NotFoundException',
    errorMessage: 'No route matches',
  });
}
