// Reading an event's fields with the types AWS documents. A field of any other type never
// reaches a Request: it is an InvalidEventError naming the field, which becomes a 400.
// `null` and `undefined` both mean "absent" wherever a field is optional (REST sends null maps).
import { InvalidEventError } from '../errors.ts';

type Fields = Record<string, unknown>;

/** RFC 9110 token: what a method or a header name may be made of. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidEventError(field, 'must be a string');
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  return value == null ? undefined : requireString(value, field);
}

export function optionalBoolean(value: unknown, field: string): boolean {
  if (value == null) return false;
  if (typeof value !== 'boolean') throw new InvalidEventError(field, 'must be a boolean');
  return value;
}

export function optionalObject(value: unknown, field: string): Fields | undefined {
  if (value == null) return undefined;
  if (!isObject(value)) throw new InvalidEventError(field, 'must be an object');
  return value;
}

export function requireMethod(value: unknown, field: string): string {
  const method = requireString(value, field);
  if (!TOKEN.test(method)) throw new InvalidEventError(field, 'must be an HTTP method');
  return method;
}

/** A `{ name: value }` map (headers, query parameters); absent values are skipped by callers. */
export function optionalStringMap(
  value: unknown,
  field: string,
): Record<string, string | null | undefined> | undefined {
  const map = optionalObject(value, field);
  if (map) {
    for (const name in map) {
      const entry = map[name];
      if (entry != null && typeof entry !== 'string') {
        throw new InvalidEventError(`${field}.${name}`, 'must be a string');
      }
    }
  }
  return map as Record<string, string | null | undefined> | undefined;
}

/** A `{ name: [values] }` map (multi-value headers and query parameters). */
export function optionalListMap(
  value: unknown,
  field: string,
): Record<string, string[] | null | undefined> | undefined {
  const map = optionalObject(value, field);
  if (map) {
    for (const name in map) {
      const entry = map[name];
      if (entry != null && !isStringList(entry)) {
        throw new InvalidEventError(`${field}.${name}`, 'must be a list of strings');
      }
    }
  }
  return map as Record<string, string[] | null | undefined> | undefined;
}

export function optionalStringList(value: unknown, field: string): string[] | undefined {
  if (value == null) return undefined;
  if (!isStringList(value)) throw new InvalidEventError(field, 'must be a list of strings');
  return value;
}

function isStringList(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}
