// Node-only helpers of @sluice/core (`@sluice/core/node`). The main entry stays web-standard.
export {
  TargetNotAllowedError,
  UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './node/errors.ts';
export type { FetchRawInit } from './node/fetch-raw.ts';
export { fetchRaw } from './node/fetch-raw.ts';
export type { ProxyOptions } from './node/proxy.ts';
export { proxy } from './node/proxy.ts';
