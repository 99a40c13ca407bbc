export { BackgroundTasks, type ExecutionContextLike } from './execution/background-tasks.ts';
export { crc32Update } from './hash/crc32.ts';
export type { ChecksumAlgorithm } from './hash/types.ts';
export { type JsonErrorInit, jsonErrorResponse } from './http/json-error.ts';
export { isHopByHopHeader, withoutHopByHop } from './passthrough/hop-by-hop.ts';
export type { PassthroughInit } from './passthrough/passthrough.ts';
export { passthrough } from './passthrough/passthrough.ts';
export { ProxyPathError } from './passthrough/proxy-path.ts';
export {
  isProxyTargetAllowed,
  type ProxyRequestHeadersOptions,
  proxyRequestHeaders,
  proxyUpstreamUrl,
} from './passthrough/proxy-target.ts';
export { type ConnectSSEInit, connectSSE } from './sse/connect.ts';
export {
  SSEChecksumError,
  SSEError,
  SSEEventError,
  SSEProtocolError,
  SSEServerError,
  SSEStoreError,
  SSETruncatedError,
} from './sse/errors.ts';
export { type MemoryEventStoreOptions, memoryEventStore } from './sse/memory-store.ts';
export { readSSE } from './sse/reader.ts';
export { sse } from './sse/sse.ts';
export type {
  SSEEventStore,
  SSEReadOptions,
  SSEStoredEvent,
  SSEStreamInfo,
} from './sse/store.ts';
export { isStoreUnavailable } from './sse/store-failure.ts';
export type {
  ReadSSEOptions,
  SSEEnd,
  SSEEndStatus,
  SSEErrorInfo,
  SSEEventInput,
  SSEMessage,
  SSEOptions,
  SSESend,
  SSESource,
  SSESourceFunction,
} from './sse/types.ts';
export type { FetchApp, FetchHandler } from './types.ts';
