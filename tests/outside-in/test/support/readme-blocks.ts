// The README code blocks a test runs or checks, found by an HTML comment right before their
// fence (invisible on GitHub and npm):
//   <!-- check: install -->              the `npm i ...` line a reader runs first
//   <!-- check: file handler.mjs -->     a file the README's samples expect beside them
//   <!-- check: run example.mts -->      save as example.mts, `node example.mts`: exits 0
//   <!-- check: serve server.mts /x -->  a server: with PORT set, GET /x answers
//   <!-- check: lambda-build -->         the Lambda build (and dev server) commands
//   <!-- check: lambda-build-s3 -->      the build of a handler that bundles the AWS SDK
//   <!-- check: sam-template -->         a SAM template
import { readFile } from 'node:fs/promises';

export type CheckKind =
  | 'install'
  | 'file'
  | 'run'
  | 'serve'
  | 'lambda-build'
  | 'lambda-build-s3'
  | 'sam-template';

export interface CheckedBlock {
  kind: CheckKind;
  /** The marker's arguments after the kind, e.g. ['server.mts', '/ticks']. */
  args: string[];
  /** The fenced block's language (`ts`, `sh`, `yaml`...). */
  lang: string;
  code: string;
  /** README path and 1-based line of the marker, for failure messages. */
  where: string;
}

const KINDS = new Set<string>([
  'install',
  'file',
  'run',
  'serve',
  'lambda-build',
  'lambda-build-s3',
  'sam-template',
]);
const MARKER = /^<!--\s*check:\s*(.+?)\s*-->\s*$/;
const FENCE = /^(`{3,})(\S*)\s*$/;

export async function readCheckedBlocks(readmePath: string): Promise<CheckedBlock[]> {
  return parseCheckedBlocks(await readFile(readmePath, 'utf8'), readmePath);
}

export function parseCheckedBlocks(markdown: string, source: string): CheckedBlock[] {
  const lines = markdown.split('\n');
  const blocks: CheckedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]!);
    if (!marker) continue;
    const where = `${source}:${i + 1}`;
    const [kind = '', ...args] = marker[1]!.split(/\s+/);
    if (!KINDS.has(kind)) throw new Error(`${where}: unknown check "${kind}"`);
    let open = i + 1;
    while (open < lines.length && lines[open]!.trim() === '') open++;
    const fence = FENCE.exec(lines[open] ?? '');
    if (!fence) throw new Error(`${where}: "check: ${kind}" is not followed by a code block`);
    const close = lines.findIndex((line, j) => j > open && line.trim() === fence[1]);
    if (close < 0) throw new Error(`${where}: the code block after the marker never closes`);
    const code = `${lines.slice(open + 1, close).join('\n')}\n`;
    blocks.push({ kind: kind as CheckKind, args, lang: fence[2] ?? '', code, where });
    i = close;
  }
  return blocks;
}

/** Lines of `text` that claim a sample runs as is; each needs a `run`/`serve` marker. */
export function runnableClaims(markdown: string): number {
  return (markdown.match(/runnable as is/gi) ?? []).length;
}
