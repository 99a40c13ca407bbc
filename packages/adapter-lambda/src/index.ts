// Public API of @sluice/adapter-lambda.

export type { AppLike, LambdaEnv } from './app/call-app.ts';
export type { LambdaExecutionContext } from './app/execution-context.ts';
export type { OriginSecret } from './app/origin-guard.ts';
export { defaultIsBinary, type IsBinary } from './buffered/encode-body.ts';
export { type BufferedLambdaHandler, type HandleOptions, handle } from './buffered/handle.ts';
export type { OverflowHandler, OverflowInput } from './buffered/overflow.ts';
export { MAX_RESULT_BYTES } from './buffered/result-size.ts';
export {
  DeadlineError,
  InvalidEventError,
  InvalidOptionError,
  LambdaAdapterError,
  PayloadTooLargeError,
  ResponseStreamClosedError,
  StreamingUnsupportedError,
  UnsupportedEventError,
} from './errors.ts';
export type {
  AlbEvent,
  AlbResult,
  EventV1,
  EventV2,
  LambdaHttpEvent,
  LambdaHttpResult,
  ResultV1,
  ResultV2,
} from './events/types.ts';
export {
  type AwsLambdaGlobal,
  awslambdaCompat,
  type HttpResponsePrelude,
  type LambdaContextLike,
  type ResponseStream,
} from './runtime/awslambda-compat.ts';
export {
  type StreamHandleOptions,
  type StreamingLambdaHandler,
  streamHandle,
} from './stream/stream-handle.ts';
