import { intrinsicName } from './intrinsics.ts';

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    intrinsicName(value) === undefined
  );
}

/**
 * SAM's `Globals` merge (samtranslator's globals plugin): maps merge key by key (the resource's
 * keys win, recursively), lists concatenate globals first, anything else (strings, numbers,
 * intrinsic calls, or two values of different kinds) is the resource's own.
 */
export function mergeGlobals(globals: unknown, local: unknown): unknown {
  if (local === undefined) return globals;
  if (globals === undefined) return local;
  if (isPlainMap(globals) && isPlainMap(local)) {
    const merged: Record<string, unknown> = { ...globals };
    for (const [key, value] of Object.entries(local)) {
      merged[key] = mergeGlobals(globals[key], value);
    }
    return merged;
  }
  if (Array.isArray(globals) && Array.isArray(local)) return [...globals, ...local];
  return local;
}
