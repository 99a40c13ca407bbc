import type { ServerResponse } from 'node:http';
import type { FunctionLookupError } from '../functions/errors.ts';

/** An Invoke API error as Lambda's REST-JSON protocol carries it. */
export interface AwsError {
  status: number;
  /** `x-amzn-ErrorType`: what the SDKs turn into the error class. */
  code: string;
  message: string;
  /** Lambda's body says `Message` for some errors and `message` for others. */
  messageKey?: 'Message' | 'message';
  /** Extra body members and headers (`Reason`, `Retry-After`). */
  members?: Record<string, string>;
  headers?: Record<string, string>;
}

/**
 * Writes the error: status, `x-amzn-ErrorType` (the SDKs read the code there first; the body's
 * `Type` is not a code) and a JSON body with `Type` and the message.
 */
export function sendAwsError(res: ServerResponse, error: AwsError): void {
  if (res.headersSent || res.destroyed) return;
  const type = error.status >= 500 ? 'Service' : 'User';
  const body = JSON.stringify({
    Type: type,
    [error.messageKey ?? 'message']: error.message,
    ...error.members,
  });
  res.writeHead(error.status, {
    ...error.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': error.code,
  });
  res.end(body);
}

export function lookupFailed(err: FunctionLookupError): AwsError {
  switch (err.code) {
    case 'FUNCTION_NOT_FOUND':
      return {
        status: 404,
        code: 'ResourceNotFoundException',
        message: err.message,
        messageKey: 'Message',
      };
    case 'QUALIFIER_MISMATCH':
      return { status: 400, code: 'InvalidParameterValueException', message: err.message };
    default:
      return validation(err.message);
  }
}

/** A parameter outside Lambda's model (pattern, enum, length): not a modelled Lambda error. */
export function validation(message: string): AwsError {
  return { status: 400, code: 'ValidationException', message };
}

export function enumViolation(member: string, value: string, allowed: readonly string[]): AwsError {
  return validation(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy ` +
      `constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
}

/** AWS answers 413 with this code (not the modelled RequestTooLargeException). */
export function payloadTooLarge(size: number, limit: number, event: boolean): AwsError {
  return {
    status: 413,
    code: 'RequestEntityTooLargeException',
    message: event
      ? `${size} byte payload is too large for the Event invocation type (limit ${limit} bytes)`
      : `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
  };
}

export function invalidContent(message: string): AwsError {
  return { status: 400, code: 'InvalidRequestContentException', message };
}

export function throttledInvoke(): AwsError {
  return {
    status: 429,
    code: 'TooManyRequestsException',
    message: 'Rate Exceeded.',
    members: { Reason: 'ConcurrentInvocationLimitExceeded' },
    headers: { 'retry-after': '1' },
  };
}

export function serviceUnavailable(message: string): AwsError {
  return { status: 500, code: 'ServiceException', message, messageKey: 'Message' };
}

export function unknownOperation(method: string, path: string): AwsError {
  return {
    status: 404,
    code: 'UnknownOperationException',
    message: `No Invoke API operation for ${method} ${path}`,
  };
}
