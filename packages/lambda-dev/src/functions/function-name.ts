import { FunctionLookupError } from './errors.ts';

/** What a FunctionName (plain, `name:qualifier`, partial or full ARN) says. */
export interface ParsedFunctionName {
  name: string;
  /** The version or alias after the name, when there was one. */
  qualifier: string | undefined;
}

const MAX_LENGTH = 256;
// Lambda's NamespacedFunctionName pattern, split into named parts.
const FUNCTION_NAME = new RegExp(
  '^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?' +
    '(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d:)?' +
    '(?:\\d{12}:)?' +
    '(?:function:)?' +
    '(?<name>[a-zA-Z0-9_.-]+)' +
    '(?::(?<qualifier>\\$LATEST(?:\\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$',
);
const QUALIFIER = /^[a-zA-Z0-9$_-]{1,128}$/;

/**
 * Splits a FunctionName into name and qualifier; anything Lambda's pattern refuses is a
 * `INVALID_FUNCTION_NAME` error (AWS answers ValidationException). Region and account in an
 * ARN are accepted whatever they are: locally every function lives in one place.
 */
export function parseFunctionName(value: string): ParsedFunctionName {
  const match = value.length <= MAX_LENGTH ? FUNCTION_NAME.exec(value) : null;
  const name = match?.groups?.name;
  if (!name || name.length > 64) {
    throw new FunctionLookupError(
      'INVALID_FUNCTION_NAME',
      `1 validation error detected: Value '${value}' at 'functionName' failed to satisfy ` +
        'constraint: Member must satisfy regular expression pattern: ' +
        '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?' +
        '(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?',
    );
  }
  return { name, qualifier: match.groups?.qualifier };
}

/** The query's `Qualifier` must match the name's own, when both are given. */
export function mergeQualifier(
  fromName: string | undefined,
  fromQuery: string | undefined,
): string | undefined {
  if (fromQuery !== undefined && !QUALIFIER.test(fromQuery)) {
    throw new FunctionLookupError(
      'INVALID_QUALIFIER',
      `1 validation error detected: Value '${fromQuery}' at 'qualifier' failed to satisfy ` +
        'constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)',
    );
  }
  if (fromName !== undefined && fromQuery !== undefined && fromName !== fromQuery) {
    throw new FunctionLookupError(
      'QUALIFIER_MISMATCH',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  return fromName ?? fromQuery;
}
