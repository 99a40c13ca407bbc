import type { UpstreamFetch } from '../llm/openai-upstream.ts';

/** What differs between the runtimes the one app runs on; everything else is shared. */
export interface Platform {
  readonly name: 'node' | 'lambda' | 'workers';
  /** HTTP client for the LLM upstream: undici on Node and Lambda, `fetch` on Workers. */
  readonly fetch: UpstreamFetch;
  /**
   * Forwards `request` (its path already relative to `target`) to `target` and returns the
   * upstream response byte for byte; only `allow`ed origins are reached (403 otherwise),
   * failures become 502/504 JSON.
   */
  proxy(request: Request, target: URL, allow: readonly string[]): Promise<Response>;
}
