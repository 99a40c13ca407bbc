// Load generator child process (used when `wrk` is not installed): keeps `connections`
// requests in flight on keep-alive sockets for `durationMs`, prints `{"rps":..,"errors":..}`.
// Usage: node bench/_lib/load.ts <url> <durationMs> <connections>
import { Pool } from 'undici';

const [url = '', durationMs = '3000', connections = '32'] = process.argv.slice(2);
const target = new URL(url);
const pool = new Pool(target.origin, { connections: Number(connections), pipelining: 1 });
const deadline = performance.now() + Number(durationMs);
let completed = 0;
let errors = 0;

async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    try {
      const { statusCode, body } = await pool.request({ path: target.pathname, method: 'GET' });
      await body.dump();
      if (statusCode === 200) completed++;
      else errors++;
    } catch {
      errors++;
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, worker));
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ rps: completed / seconds, errors }));
await pool.close();
