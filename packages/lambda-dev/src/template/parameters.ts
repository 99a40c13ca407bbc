import { readFile } from 'node:fs/promises';
import { DevServerError } from '../errors.ts';

/**
 * `sam --parameter-overrides` values: `Key=Value` pairs or the long
 * `ParameterKey=Key,ParameterValue=Value` form, separated by spaces; values may be quoted
 * ("a b", 'a b') or escape a space (a\ b). Each argument may hold several pairs.
 */
export function parseParameterOverrides(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    for (const token of splitWords(arg)) {
      const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/s.exec(token);
      if (long) {
        out[long[1] as string] = long[2] as string;
        continue;
      }
      const at = token.indexOf('=');
      if (at <= 0) {
        throw new DevServerError(
          'INVALID_ARGUMENT',
          `--parameter-overrides wants Key=Value (or ParameterKey=K,ParameterValue=V), got "${token}"`,
        );
      }
      out[token.slice(0, at)] = token.slice(at + 1);
    }
  }
  return out;
}

/** Shell-like word splitting: whitespace separates, quotes and backslash group. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote) throw new DevServerError('INVALID_ARGUMENT', `Unclosed ${quote} in "${text}"`);
  if (inWord) words.push(word);
  return words;
}

/**
 * SAM's `--env-vars` file: `{ "Parameters": { VAR: v }, "<LogicalId>": { VAR: v } }`. Values
 * are kept as strings (booleans `"true"`/`"false"`, numbers printed), as SAM does.
 */
export type EnvVarsFile = Record<string, Record<string, string>>;

export async function readEnvVarsFile(path: string): Promise<EnvVarsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DevServerError(
      'ENV_VARS_FILE',
      `Cannot read --env-vars ${path}: ${(err as Error).message}`,
    );
  }
  return parseEnvVars(text, path);
}

export function parseEnvVars(text: string, source: string): EnvVarsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DevServerError('ENV_VARS_FILE', `${source} is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DevServerError('ENV_VARS_FILE', `${source} must be a JSON object`);
  }
  const out: EnvVarsFile = {};
  for (const [scope, variables] of Object.entries(parsed)) {
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
      throw new DevServerError(
        'ENV_VARS_FILE',
        `${source}: "${scope}" must map variable names to values`,
      );
    }
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(variables)) {
      if (value === null || typeof value === 'object') {
        throw new DevServerError(
          'ENV_VARS_FILE',
          `${source}: ${scope}.${name} must be a string, number or boolean`,
        );
      }
      values[name] = String(value);
    }
    out[scope] = values;
  }
  return out;
}
