// Fails when a module reachable from an entry imports a Node built-in (`node:*` or a bare
// built-in name such as `crypto`). Keeps @sluice/core's main entry runnable on Workers and
// in browsers. Usage: node scripts/check-web-standard.ts <entry.ts> [...]
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';

const IMPORT_SPECIFIER =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s*['"]([^'"]+)['"]|require\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const BUILTINS = new Set(builtinModules);

export interface NodeImportViolation {
  file: string;
  specifier: string;
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0] ?? specifier);
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** Walks relative imports from `entries` and returns every Node built-in import found. */
export function findNodeImports(entries: string[]): NodeImportViolation[] {
  const seen = new Set<string>();
  const violations: NodeImportViolation[] = [];
  const queue = entries.map((entry) => resolve(entry));
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = stripComments(readFileSync(file, 'utf8'));
    for (const match of source.matchAll(IMPORT_SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? match[4];
      if (specifier === undefined) continue;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else if (isNodeBuiltin(specifier)) violations.push({ file, specifier });
    }
  }
  return violations;
}

if (import.meta.main) {
  const violations = findNodeImports(process.argv.slice(2));
  for (const { file, specifier } of violations) {
    console.error(`${file}: imports '${specifier}', but this entry must stay web-standard`);
  }
  if (violations.length > 0) process.exit(1);
}
