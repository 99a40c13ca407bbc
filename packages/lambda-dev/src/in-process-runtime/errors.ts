import type { ErrorDocument } from '@sluice/adapter-lambda/runtime';

/** A runtime failure with Lambda's `Runtime.*` error type as its `name`. */
export class RuntimeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The `{errorType, errorMessage, trace}` document the Runtime API takes, as the real client builds it. */
export function formatError(error: unknown): ErrorDocument {
  if (error instanceof Error) {
    return {
      errorType: error.name.replaceAll('\x7F', '%7F'),
      errorMessage: error.message.replaceAll('\x7F', '%7F'),
      trace: error.stack?.replaceAll('\x7F', '%7F').split('\n') ?? [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}
