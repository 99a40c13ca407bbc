// Bench child: the Lambda dev server (aws-lambda-ric) on the bench's two functions, one server
// each, so the Function URL and the Invoke APIs of the same function can be compared.
// IPC: sends { ticks, small } (their URLs) once listening; exits on 'stop'.
import { fileURLToPath } from 'node:url';
import { startDevServer } from '../src/index.ts';

const handler = fileURLToPath(new URL('./_invoke-handlers.mjs', import.meta.url));
const common = { handler, port: 0, runtime: 'ric' as const, timeoutSec: 60 };
const ticks = await startDevServer({ ...common, export: 'ticks', functionName: 'ticks' });
const small = await startDevServer({ ...common, export: 'small', functionName: 'small' });

process.on('message', async (message) => {
  if (message !== 'stop') return;
  await Promise.all([ticks.close(), small.close()]);
  process.exit(0);
});
process.send?.({ ticks: ticks.url, small: small.url });
