import type { ApiKind, TemplateRoute } from '../template/model.ts';
import { compareRank, compilePathTemplate, matchPath, type PathTemplate } from './path-template.ts';

export interface RouteMatch {
  route: TemplateRoute;
  /** Decoded path variables; empty when the route has none. */
  pathParameters: Record<string, string>;
  /** The request path below the stage prefix, still percent-encoded (`/items/1`). */
  rawPath: string;
}

export type RouteLookup =
  | ({ found: true } & RouteMatch)
  /** No route: the API under that prefix answers as its kind does (REST 403, HTTP API 404). */
  | { found: false; kind: ApiKind | undefined };

/** One URL prefix on the local server: `/<stage>` for REST and named HTTP API stages, `` for `$default`. */
interface Mount {
  prefix: string;
  entries: Array<{ route: TemplateRoute; template: PathTemplate }>;
}

/** Every API route of a template, served on one origin under each API's stage prefix. */
export class RouteTable {
  readonly #mounts: Mount[] = [];

  /** Throws (with every clash listed) when two APIs under one prefix declare the same route. */
  constructor(routes: readonly TemplateRoute[]) {
    const clashes: string[] = [];
    for (const route of routes) {
      const prefix = stagePrefix(route);
      let mount = this.#mounts.find((m) => m.prefix === prefix);
      if (!mount) {
        mount = { prefix, entries: [] };
        this.#mounts.push(mount);
      }
      const twin = mount.entries.find(
        (e) => e.route.method === route.method && e.route.path === route.path,
      );
      if (twin) {
        clashes.push(
          `${route.method} ${prefix}${route.path} is declared by ${describe(twin.route)} and ${describe(route)}`,
        );
        continue;
      }
      mount.entries.push({ route, template: compilePathTemplate(route.path) });
    }
    if (clashes.length > 0) throw new RouteClashError(clashes);
    // Longest prefix first: `/prod/...` goes to the REST stage before the `$default` HTTP API.
    this.#mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  get routes(): TemplateRoute[] {
    return this.#mounts.flatMap((mount) => mount.entries.map((entry) => entry.route));
  }

  /**
   * The route for a request: the API whose stage prefix the path starts with (the longest one;
   * `$default` takes the rest), then the most specific path, then the exact method over `ANY`.
   */
  match(method: string, rawPath: string): RouteLookup {
    for (const mount of this.#mounts) {
      const below = belowPrefix(rawPath, mount.prefix);
      if (below === undefined) continue;
      let best:
        | { route: TemplateRoute; rank: number[]; params: Record<string, string> }
        | undefined;
      for (const { route, template } of mount.entries) {
        if (route.method !== 'ANY' && route.method !== method) continue;
        const match = matchPath(template, below);
        if (!match) continue;
        const rank = [
          ...match.rank,
          route.path === '$default' ? -1 : 0,
          route.method === 'ANY' ? 0 : 1,
        ];
        if (!best || compareRank(rank, best.rank) > 0) best = { route, rank, params: match.params };
      }
      if (!best) return { found: false, kind: mount.entries[0]?.route.api.kind };
      return { found: true, route: best.route, pathParameters: best.params, rawPath: below };
    }
    return { found: false, kind: undefined };
  }
}

export class RouteClashError extends Error {
  readonly clashes: readonly string[];
  constructor(clashes: readonly string[]) {
    super(clashes.join('\n'));
    this.clashes = clashes;
  }
}

/** The URL prefix of a route's API on the local origin. */
export function stagePrefix(route: TemplateRoute): string {
  return route.api.stage === '$default' ? '' : `/${route.api.stage}`;
}

function belowPrefix(rawPath: string, prefix: string): string | undefined {
  if (prefix === '') return rawPath;
  if (rawPath === prefix) return '/';
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : undefined;
}

function describe(route: TemplateRoute): string {
  return `${route.api.logicalId} (-> ${route.functionId})`;
}
