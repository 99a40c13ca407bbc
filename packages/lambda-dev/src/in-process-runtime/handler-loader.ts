import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HANDLER_HIGHWATERMARK,
  HANDLER_STREAMING,
  STREAM_RESPONSE,
} from '@sluice/adapter-lambda/runtime';
import { RuntimeError } from './errors.ts';

export type UserHandler = ((...args: unknown[]) => unknown) & Record<symbol, unknown>;

export interface LoadedHandler {
  handler: UserHandler;
  streaming: boolean;
  highWaterMark: number | undefined;
}

const CALLBACK_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with ' +
  'Node.js 24. You need to modify this function to use a supported handler signature to use ' +
  'Node.js 24 or later. For more information see ' +
  'https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

/** Imports the handler module and finds the export, failing with the real client's error types. */
export async function loadHandler(file: string, exportName: string): Promise<LoadedHandler> {
  const handlerString = `${basename(file, extname(file))}.${exportName}`;
  if (!existsSync(file)) {
    throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${file}'`);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof SyntaxError) {
      const wrapped = new RuntimeError('Runtime.UserCodeSyntaxError', String(err));
      if (err.stack) wrapped.stack = err.stack;
      throw wrapped;
    }
    throw err;
  }
  const handler = findIn(exportName, module) ?? findIn(exportName, module.default);
  if (handler === undefined || handler === null) {
    throw new RuntimeError(
      'Runtime.HandlerNotFound',
      `${handlerString} is undefined or not exported`,
    );
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  const fn = handler as UserHandler;
  const marker = fn[HANDLER_STREAMING];
  if (marker && marker !== STREAM_RESPONSE) {
    throw new RuntimeError(
      'Runtime.MalformedStreamingHandler',
      'Only response streaming is supported.',
    );
  }
  const streaming = marker === STREAM_RESPONSE;
  if (!streaming && fn.length >= 3) {
    throw new RuntimeError('Runtime.CallbackHandlerDeprecated', CALLBACK_REMOVED);
  }
  const hwm = Number(fn[HANDLER_HIGHWATERMARK]);
  return { handler: fn, streaming, highWaterMark: hwm > 0 ? hwm : undefined };
}

function findIn(path: string, root: unknown): unknown {
  let value = root;
  for (const key of path.split('.')) {
    value =
      value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}
