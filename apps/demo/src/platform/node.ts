// The Node and Lambda platform: undici for the LLM upstream (through fetchRaw, which never
// decodes) and proxy() from @sluice/core/node for the gzip passthrough.
import { fetchRaw, proxy } from '@sluice/core/node';
import type { UpstreamFetch } from '../llm/openai-upstream.ts';
import type { Platform } from './types.ts';

export interface NodePlatformOptions {
  name: 'node' | 'lambda';
}

const upstreamFetch: UpstreamFetch = (url, init) =>
  fetchRaw(url, { ...init, headersTimeout: 60_000, bodyTimeout: 120_000 });

export function nodePlatform(options: NodePlatformOptions): Platform {
  return {
    name: options.name,
    fetch: upstreamFetch,
    proxy: (request, target, allow) => proxy(request, { target, allow }),
  };
}
