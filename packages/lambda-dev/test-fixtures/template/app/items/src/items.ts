// Built by esbuild (BuildMethod: esbuild): `hono` stays external (resolved at run time), and
// the Banner's `require` lets the ESM bundle require() a Node built-in.
import { Hono } from 'hono';

const { sep } = require('node:path') as typeof import('node:path');

const app = new Hono();

interface ApiEvent {
  version?: string;
  resource?: string;
  routeKey?: string;
  pathParameters?: Record<string, string> | null;
  requestContext: { stage: string };
}

export const handler = async (event: ApiEvent, context: { memoryLimitInMB: string }) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    fn: 'items',
    id: event.pathParameters?.id,
    version: event.version ?? '1.0',
    route: event.resource ?? event.routeKey,
    stage: event.requestContext.stage,
    memory: context.memoryLimitInMB,
    memoryEnv: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    hono: typeof app.fetch,
    sep,
    greeting: process.env.GREETING,
    echoUrl: process.env.ECHO_URL,
  }),
});
