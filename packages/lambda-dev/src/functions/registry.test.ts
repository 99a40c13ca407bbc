import { describe, expect, it } from 'vitest';
import { DevLog } from '../log.ts';
import { resolveOptions } from '../options.ts';
import type { SandboxPool } from '../runtime-pool/pool.ts';
import type { DevFunction } from './dev-function.ts';
import { FunctionLookupError } from './errors.ts';
import { FunctionRegistry } from './registry.ts';

function devFunction(name: string, aliases: string[] = []): DevFunction {
  let closed = 0;
  const pool = { close: async () => void closed++ } as unknown as SandboxPool;
  return Object.assign(
    {
      name,
      aliases,
      options: resolveOptions({ handler: `/tmp/${name}.mjs`, functionName: name }),
      pool,
      log: new DevLog(10),
    },
    { closedCount: () => closed },
  );
}

function lookupError(run: () => unknown): FunctionLookupError {
  try {
    run();
  } catch (err) {
    if (err instanceof FunctionLookupError) return err;
    throw err;
  }
  throw new Error('resolve did not throw');
}

describe('FunctionRegistry', () => {
  const registry = new FunctionRegistry();
  const orders = devFunction('orders', ['OrdersFunction']);
  const users = devFunction('users');
  registry.add(orders);
  registry.add(users);

  it('finds a function by name, alias, partial and full ARN, with or without $LATEST', () => {
    for (const form of [
      'orders',
      'OrdersFunction',
      'orders:$LATEST',
      'function:orders',
      '123456789012:function:orders',
      '123456789012:function:orders:$LATEST',
      'arn:aws:lambda:us-east-1:123456789012:function:orders',
      'arn:aws:lambda:eu-west-1:210987654321:function:OrdersFunction:$LATEST',
      'arn:aws-cn:lambda:cn-north-1:123456789012:function:orders',
    ]) {
      expect(registry.resolve(form), form).toBe(orders);
    }
    expect(registry.resolve('users', '$LATEST')).toBe(users);
    expect(registry.resolve('users:$LATEST', '$LATEST')).toBe(users);
  });

  it('reports an unknown name or qualifier as FUNCTION_NOT_FOUND with the qualified ARN', () => {
    const unknown = lookupError(() => registry.resolve('nope'));
    expect(unknown.code).toBe('FUNCTION_NOT_FOUND');
    expect(unknown.message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope',
    );
    const version = lookupError(() => registry.resolve('orders:7'));
    expect(version.code).toBe('FUNCTION_NOT_FOUND');
    expect(version.message).toMatch(/function:orders:7$/);
    expect(lookupError(() => registry.resolve('orders', 'prod')).code).toBe('FUNCTION_NOT_FOUND');
  });

  it('refuses a qualifier that contradicts the one in the name', () => {
    const error = lookupError(() => registry.resolve('orders:$LATEST', 'prod'));
    expect(error.code).toBe('QUALIFIER_MISMATCH');
    expect(error.message).toBe(
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  });

  it("refuses names outside Lambda's pattern", () => {
    for (const bad of ['a/b c', '', 'x'.repeat(65), 'orders:']) {
      expect(lookupError(() => registry.resolve(bad)).code, bad).toBe('INVALID_FUNCTION_NAME');
    }
    expect(lookupError(() => registry.resolve('orders', 'a b')).code).toBe('INVALID_QUALIFIER');
  });

  it('refuses a name already taken and closes every pool', async () => {
    expect(() => registry.add(devFunction('OrdersFunction'))).toThrow(/taken by function "orders"/);
    expect(registry.all().map((fn) => fn.name)).toEqual(['orders', 'users']);
    await registry.close();
    for (const fn of registry.all())
      expect((fn as unknown as { closedCount(): number }).closedCount()).toBe(1);
  });
});
