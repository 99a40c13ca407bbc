import { LambdaAdapterError } from '@sluice/adapter-lambda';
import type { ErrorDocument } from '@sluice/adapter-lambda/runtime';

/**
 * Error thrown by the dev server's own API (bad options or arguments, unusable handler path,
 * missing aws-lambda-ric); match on `code`.
 */
export class DevServerError extends LambdaAdapterError {}

/** A function failure as the Runtime API carries it; the emulator's own have no trace. */
export interface FunctionError extends Omit<ErrorDocument, 'trace'> {
  trace?: string[];
}

export function functionError(errorType: string, errorMessage: string): FunctionError {
  return { errorType, errorMessage };
}

/** Reads an error document a runtime posted; tolerant of anything that is not one. */
export function parseFunctionError(text: string, headerType?: string): FunctionError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { errorType: headerType ?? 'Unknown', errorMessage: text.slice(0, 2000) };
  }
  const doc = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  const trace = Array.isArray(doc.trace) ? doc.trace.map(String) : undefined;
  return {
    errorType: typeof doc.errorType === 'string' ? doc.errorType : (headerType ?? 'Unknown'),
    errorMessage: typeof doc.errorMessage === 'string' ? doc.errorMessage : String(text),
    ...(trace ? { trace } : {}),
  };
}

/** The trailer body is base64 of the same JSON document. */
export function parseTrailerError(type: string, base64Body: string | undefined): FunctionError {
  if (!base64Body) return { errorType: type, errorMessage: '' };
  const decoded = Buffer.from(base64Body, 'base64').toString('utf8');
  return parseFunctionError(decoded, type);
}
