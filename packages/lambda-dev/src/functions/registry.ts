import { ACCOUNT_ID, REGION } from '../runtime-pool/runtime-env.ts';
import type { DevFunction } from './dev-function.ts';
import { FunctionLookupError } from './errors.ts';
import { mergeQualifier, parseFunctionName } from './function-name.ts';

/** Only the unpublished code exists locally: no versions, no aliases. */
export const LATEST = '$LATEST';

/** The functions one dev server runs, found by any name the Invoke APIs accept. */
export class FunctionRegistry {
  readonly #functions: DevFunction[] = [];
  readonly #byName = new Map<string, DevFunction>();

  /** Registers a function under its name and aliases; a name taken twice is an error. */
  add(fn: DevFunction): void {
    const names = [fn.name, ...fn.aliases];
    for (const name of names) {
      const holder = this.#byName.get(name);
      if (holder && holder !== fn) {
        throw new FunctionLookupError(
          'DUPLICATE_FUNCTION',
          `Function name "${name}" is taken by function "${holder.name}"`,
        );
      }
    }
    for (const name of names) this.#byName.set(name, fn);
    this.#functions.push(fn);
  }

  /**
   * Finds a function by name, alias, `name:qualifier`, partial or full ARN, with an optional
   * separate qualifier (the Invoke API's `?Qualifier=`). Only `$LATEST` (or none) exists.
   */
  resolve(nameOrArn: string, qualifier?: string): DevFunction {
    const parsed = parseFunctionName(nameOrArn);
    const wanted = mergeQualifier(parsed.qualifier, qualifier);
    const fn = this.#byName.get(parsed.name);
    if (!fn || (wanted !== undefined && wanted !== LATEST)) {
      const arn = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${parsed.name}`;
      throw new FunctionLookupError(
        'FUNCTION_NOT_FOUND',
        `Function not found: ${wanted === undefined ? arn : `${arn}:${wanted}`}`,
      );
    }
    return fn;
  }

  all(): DevFunction[] {
    return [...this.#functions];
  }

  /** Closes every function's runtime pool. */
  async close(): Promise<void> {
    await Promise.all(this.#functions.map((fn) => fn.pool.close()));
  }
}
