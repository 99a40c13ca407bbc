// Wire facts of Lambda response streaming that every part of this package agrees on: the
// adapter writes them, the in-process runtime posts them, the dev server's emulator reads them.
// Values as aws-lambda-ric 4.x uses them.

/** The tag `awslambda.streamifyResponse` puts on a handler (value `STREAM_RESPONSE`). */
export const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HANDLER_HIGHWATERMARK = Symbol.for(
  'aws.lambda.runtime.handler.streaming.highWaterMark',
);
export const STREAM_RESPONSE = 'response';

/** Content type of a streamed body that starts with the HTTP integration prelude. */
export const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
/** The prelude JSON ends with this many NUL bytes. */
export const PRELUDE_DELIMITER_LENGTH = 8;

/** Request header of POST .../response that marks a streamed response, and its value. */
export const RESPONSE_MODE_HEADER = 'Lambda-Runtime-Function-Response-Mode';
export const RESPONSE_MODE_STREAMING = 'streaming';

/** Trailers of a streamed POST .../response that report a failure after the first byte. */
export const ERROR_TYPE_TRAILER = 'Lambda-Runtime-Function-Error-Type';
/** Base64 of the JSON `{errorType, errorMessage, trace}`. */
export const ERROR_BODY_TRAILER = 'Lambda-Runtime-Function-Error-Body';

/** The error document of POST .../error and /init/error, and (base64) of the body trailer. */
export interface ErrorDocument {
  errorType: string;
  errorMessage: string;
  trace: string[];
}
