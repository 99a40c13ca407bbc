// Bench child: reads one SSE response and reports how long each event took from the server's
// send stamp (`data: <µs>`, same monotonic clock) to its arrival here.
// Usage: node sse-client.ts <url> <events> <skip>; IPC: sends LatencyResult, then exits.
import { get } from 'node:http';
import { percentile } from '../../../bench/lib/stats.ts';
import { nowMicros } from './clock.ts';

export interface LatencyResult {
  events: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const [url = '', events = '1000', skip = '0'] = process.argv.slice(2);
const latencies: number[] = [];
let seen = 0;
let pending = '';

await new Promise<void>((resolve, reject) => {
  get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
    res.setEncoding('utf8');
    res.on('data', (text: string) => {
      const arrived = nowMicros();
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('data: ')) continue;
        const sent = Number(line.slice(6));
        if (!Number.isFinite(sent)) continue; // the `end` event's JSON
        if (seen++ >= Number(skip)) latencies.push((arrived - sent) / 1000);
      }
    });
    res.on('end', resolve);
    res.on('error', reject);
  }).on('error', reject);
});

if (seen !== Number(events)) throw new Error(`received ${seen} of ${events} events`);
const result: LatencyResult = {
  events: latencies.length,
  p50Ms: percentile(latencies, 50),
  p99Ms: percentile(latencies, 99),
  maxMs: Math.max(...latencies),
};
process.send?.(result, () => process.exit(0));
