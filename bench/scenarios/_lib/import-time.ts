// Bench child: imports one handler bundle in this fresh process, as the Lambda runtime does at
// cold start, and prints the milliseconds the import took (load, compile, top-level code).
// Usage: node import-time.ts <bundle.mjs> [--runtime]
// --runtime: first load the built-in modules aws-lambda-ric 4.0.2 loads at its top level before
// it imports the handler (node:http among them), so they cost the handler nothing, as on Lambda.
import { pathToFileURL } from 'node:url';

const RUNTIME_MODULES = ['path', 'fs', 'net', 'http', 'os', 'util', 'worker_threads'];
if (process.argv.includes('--runtime')) {
  for (const name of RUNTIME_MODULES) await import(`node:${name}`);
}

// What the Lambda runtime provides before it loads the handler (Hono's streamHandle needs it at
// import time; ours uses it when present). Both bundles get the same one.
Object.assign(globalThis, {
  awslambda: {
    streamifyResponse: (handler: unknown) => handler,
    HttpResponseStream: { from: (stream: unknown) => stream },
  },
});

const file = pathToFileURL(process.argv[2] ?? '').href;
const started = performance.now();
const module = (await import(file)) as { handler?: unknown };
const ms = performance.now() - started;
if (typeof module.handler !== 'function') throw new Error(`${file} exports no handler`);
process.stdout.write(`${ms}\n`);
