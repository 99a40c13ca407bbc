// SAM's `BuildMethod: esbuild` (aws-lambda-builders' nodejs_npm_esbuild) as esbuild options:
// the same defaults (cjs, es2020, minified, no source map) and the same meaning of every
// `BuildProperties` key, so what runs here is what `sam build` would deploy.
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { DevServerError } from '../errors.ts';

export interface EsbuildPlan {
  options: BuildOptions;
  /** `Sourcemap: true` makes SAM add `--enable-source-maps` to NODE_OPTIONS. */
  enableSourceMaps: boolean;
}

const KNOWN = new Set([
  'EntryPoints',
  'Format',
  'Target',
  'External',
  'Banner',
  'Footer',
  'Minify',
  'Sourcemap',
  'SourcesContent',
  'MainFields',
  'Loader',
  'OutExtension',
  'UseNpmCi',
]);

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function bool(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return value === true || String(value).toLowerCase() === 'true';
}

/** `key=value` items (Banner `js=...`, Loader `.png=file`, OutExtension `.js=.mjs`) as a map. */
function pairs(functionId: string, key: string, value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list(value)) {
    const at = item.indexOf('=');
    if (at <= 0) {
      throw new DevServerError(
        'BUILD_CONFIG',
        `${functionId}: BuildProperties.${key} item "${item}" is not name=value`,
      );
    }
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

/** An entry without extension gets `.ts`, then `.js`, when such a file exists (as SAM does). */
function entryPath(codeUri: string, entry: string): string {
  const path = resolve(codeUri, entry);
  if (extname(path) !== '') return path;
  for (const ext of ['.ts', '.js']) if (existsSync(path + ext)) return path + ext;
  return path;
}

export function esbuildPlan(
  functionId: string,
  handler: string,
  codeUri: string,
  outdir: string,
  properties: Record<string, unknown>,
): EsbuildPlan {
  const unknown = Object.keys(properties).filter((key) => !KNOWN.has(key));
  if (unknown.length > 0) {
    throw new DevServerError(
      'BUILD_CONFIG',
      `${functionId}: BuildProperties ${unknown.join(', ')} not known to SAM's esbuild builder`,
    );
  }
  const entries = list(properties.EntryPoints);
  const entryPoints = (entries.length > 0 ? entries : [handler.split('.')[0] as string]).map(
    (entry) => entryPath(codeUri, entry),
  );
  const sourcemap = bool(properties.Sourcemap, false);
  const options: BuildOptions = {
    absWorkingDir: codeUri,
    entryPoints,
    bundle: true,
    platform: 'node',
    outdir,
    format: String(properties.Format ?? 'cjs') as BuildOptions['format'],
    target: list(properties.Target ?? 'es2020'),
    minify: bool(properties.Minify, true),
    sourcemap,
    external: list(properties.External),
    logLevel: 'silent',
  };
  if (properties.SourcesContent !== undefined) {
    options.sourcesContent = bool(properties.SourcesContent, true);
  }
  if (properties.MainFields !== undefined) {
    options.mainFields = list(properties.MainFields).flatMap((fields) => fields.split(','));
  }
  const banner = pairs(functionId, 'Banner', properties.Banner);
  if (Object.keys(banner).length > 0) options.banner = banner;
  const footer = pairs(functionId, 'Footer', properties.Footer);
  if (Object.keys(footer).length > 0) options.footer = footer;
  const loader = pairs(functionId, 'Loader', properties.Loader);
  if (Object.keys(loader).length > 0) options.loader = loader as BuildOptions['loader'];
  const outExtension = pairs(functionId, 'OutExtension', properties.OutExtension);
  if (Object.keys(outExtension).length > 0) options.outExtension = outExtension;
  return { options, enableSourceMaps: sourcemap };
}
