// `pnpm bench [--quick] [filter]`: runs each bench script in its own process, one at a time
// (timings on a 2-core box get noisy otherwise), collects the JSON-line records they print,
// writes results/latest.json and the tables of BENCHMARKS.md. --quick is CI's "does it run".
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderResults, spliceResults } from './lib/markdown.ts';
import { type BenchRecord, isBenchRecord } from './lib/record.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const quick = args.includes('--quick');
const filter = args.find((arg) => !arg.startsWith('--'));
/** A script running longer than this is killed and counted as failed (a hang, not a result). */
const SCRIPT_TIMEOUT_MS = (quick ? 60 : 20 * 60) * 1000;

function benchScripts(): string[] {
  const dirs = [join(here, 'scenarios')];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group))) dirs.push(join(root, group, name, 'bench'));
  }
  return dirs.flatMap((dir) => {
    try {
      return readdirSync(dir)
        .filter((file) => file.endsWith('.ts') && !file.startsWith('_') && !file.includes('.test.'))
        .map((file) => join(dir, file));
    } catch {
      return [];
    }
  });
}

function runScript(script: string): Promise<BenchRecord[]> {
  return new Promise((resolvePromise, reject) => {
    // Workspace packages resolve to their src/ (as in the tests); detached so a timeout can kill
    // the script's whole process group (servers, load generators, runtimes).
    const child = spawn(process.execPath, ['--expose-gc', '--conditions=@sluice/source', script], {
      cwd: dirname(dirname(script)),
      env: { ...process.env, BENCH_QUICK: quick ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, SCRIPT_TIMEOUT_MS);
    const interrupted = () => {
      killGroup();
      process.exit(130);
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    const records: BenchRecord[] = [];
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const parsed: unknown = JSON.parse(line);
          if (isBenchRecord(parsed)) {
            records.push(parsed);
            continue;
          }
        } catch {}
        if (line.trim()) console.log(`  ${line}`);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      if (code === 0) resolvePromise(records);
      else if (timedOut) reject(new Error(`timed out after ${SCRIPT_TIMEOUT_MS / 1000} s`));
      else reject(new Error(`exited with ${code ?? signal}`));
    });
  });
}

/** One line per record for the console; a missed goal is reported, never a failure. */
function describe(record: BenchRecord): string {
  const value = Number(record.value.toPrecision(4));
  const ratio = record.ratio === undefined ? '' : ` (${record.ratio.toFixed(2)}x)`;
  const goal =
    record.goal === undefined ? '' : `  goal ${record.goal}: ${record.met ? 'met' : 'MISSED'}`;
  return `  ${record.title}: ${value} ${record.unit}${ratio}${goal}`;
}

const suites = new Map<string, BenchRecord[]>();
let failed = 0;
for (const script of benchScripts()) {
  const name = relative(root, script);
  if (filter && !name.includes(filter)) continue;
  console.log(`bench: ${name}${quick ? ' (quick)' : ''}`);
  const started = performance.now();
  try {
    const records = await runScript(script);
    for (const record of records) console.log(describe(record));
    if (records.length === 0) console.log('  (no BenchRecord lines: not in the tables)');
    suites.set(name, records);
  } catch (error) {
    failed++;
    console.error(`bench: ${name} failed: ${(error as Error).message}`);
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(
  `bench: ${suites.size} scripts ok, ${failed} failed, ${(performance.now() / 1000).toFixed(0)} s`,
);

if (!quick && !filter) {
  const info = {
    command: 'pnpm bench',
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  };
  writeFileSync(
    join(here, 'results', 'latest.json'),
    `${JSON.stringify({ info, suites: Object.fromEntries(suites) }, null, 2)}\n`,
  );
  const documentPath = join(root, 'BENCHMARKS.md');
  writeFileSync(
    documentPath,
    spliceResults(readFileSync(documentPath, 'utf8'), renderResults(info, suites)),
  );
  console.log('bench: wrote BENCHMARKS.md and bench/results/latest.json');
}
if (failed > 0) process.exit(1);
