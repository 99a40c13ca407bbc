// What a runtime's `POST .../invocation/{id}/response` says about itself: whether it streams,
// and (once its body has ended) whether its trailers report a failure.
import type { IncomingMessage } from 'node:http';
import {
  ERROR_BODY_TRAILER,
  ERROR_TYPE_TRAILER,
  RESPONSE_MODE_HEADER,
  RESPONSE_MODE_STREAMING,
} from '@sluice/adapter-lambda/runtime';
import { type FunctionError, parseTrailerError } from '../errors.ts';

// Node lower-cases header and trailer names.
const MODE_HEADER = RESPONSE_MODE_HEADER.toLowerCase();
const TYPE_TRAILER = ERROR_TYPE_TRAILER.toLowerCase();
const BODY_TRAILER = ERROR_BODY_TRAILER.toLowerCase();

/** The handler streams (`awslambda.streamifyResponse`): a chunked body that may end in trailers. */
export function isStreamedPost(req: IncomingMessage): boolean {
  return req.headers[MODE_HEADER] === RESPONSE_MODE_STREAMING;
}

/** The failure the error trailers report; read only after the body's `end`. */
export function trailerError(req: IncomingMessage): FunctionError | undefined {
  const errorType = req.trailers[TYPE_TRAILER];
  return errorType ? parseTrailerError(errorType, req.trailers[BODY_TRAILER]) : undefined;
}
