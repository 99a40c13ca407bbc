// Bench child: the resuming client, in its own process so its work and GC never share the event
// loop with the server and store it measures. Alternates the paths it is given (A B, B A, ...),
// sends each request with Last-Event-ID and reports ms from sending it to the first replayed
// event's bytes; reads every response to its end so the keep-alive connection is reused.
// Usage: node _resume-client.ts <base url> <rounds> <warm-up rounds> <path>...
// IPC: sends { [path]: number[] }, then exits.
import { Agent, request } from 'node:http';

const [base = '', rounds = '0', warmUp = '0', ...paths] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** ms from sending the request to the first `id:` line of a replayed event. */
function resumeOnce(path: string, lastEventId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstEventMs: number | undefined;
    let text = '';
    const headers = { accept: 'text/event-stream', 'last-event-id': lastEventId };
    request(`${base}${path}`, { agent, headers }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${path}: status ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (firstEventMs !== undefined) return;
        text += chunk;
        if (text.startsWith('id: ') || text.includes('\nid: ')) {
          firstEventMs = performance.now() - started;
        }
      });
      res.on('end', () =>
        firstEventMs === undefined ? reject(new Error('no replayed event')) : resolve(firstEventMs),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const samples: Record<string, number[]> = Object.fromEntries(paths.map((path) => [path, []]));
for (let i = -Number(warmUp); i < Number(rounds); i++) {
  for (const path of i % 2 ? paths : paths.toReversed()) {
    const ms = await resumeOnce(path, String(100 + (((i % 300) + 300) % 300)));
    if (i >= 0) samples[path]!.push(ms);
  }
}
agent.destroy();
process.send?.(samples, () => process.exit(0));
