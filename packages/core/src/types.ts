/**
 * A fetch-style app entry: Hono's `app.fetch`, a Workers `fetch` handler, or any
 * `(request) => Response`. `env` and `ctx` carry what the runtime passes alongside
 * (Lambda `event`/`context`, Workers bindings/`ExecutionContext`).
 */
// biome-ignore lint/suspicious/noExplicitAny: must accept Hono's and Workers' own env/ctx types.
export type FetchHandler<Env = any, Ctx = any> = (
  request: Request,
  env?: Env,
  ctx?: Ctx,
) => Response | Promise<Response>;

/** Anything with a `fetch` handler, e.g. a Hono app. */
// biome-ignore lint/suspicious/noExplicitAny: see FetchHandler.
export interface FetchApp<Env = any, Ctx = any> {
  fetch: FetchHandler<Env, Ctx>;
}
