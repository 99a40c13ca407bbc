import { DevServerError } from '../errors.ts';

export type FunctionLookupErrorCode =
  | 'FUNCTION_NOT_FOUND'
  | 'QUALIFIER_MISMATCH'
  | 'INVALID_FUNCTION_NAME'
  | 'INVALID_QUALIFIER'
  | 'DUPLICATE_FUNCTION';

/** A FunctionName that names no registered function, or cannot name one; match on `code`. */
export class FunctionLookupError extends DevServerError {
  declare readonly code: FunctionLookupErrorCode;
  constructor(code: FunctionLookupErrorCode, message: string) {
    super(code, message);
  }
}
