// Lightweight stand-ins inherit from the native prototypes (so `instanceof` and brand-less
// checks pass), but the native getters and methods read private state a stand-in does not
// have. Every member the stand-in does not define itself is redefined to run on the native
// object the stand-in turns into (`toNative`), so nothing ever reaches a native accessor
// with the wrong receiver.

export function delegateMissing<T extends object>(
  prototype: object,
  nativePrototype: object,
  toNative: (self: T) => object,
): void {
  for (const key of Reflect.ownKeys(nativePrototype)) {
    if (key === 'constructor' || Object.hasOwn(prototype, key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(nativePrototype, key);
    if (descriptor === undefined) continue;
    if (typeof descriptor.get === 'function') {
      const get = descriptor.get;
      Object.defineProperty(prototype, key, {
        configurable: true,
        enumerable: descriptor.enumerable ?? false,
        get(this: T) {
          return get.call(toNative(this));
        },
      });
    } else if (typeof descriptor.value === 'function') {
      const method = descriptor.value as (...args: unknown[]) => unknown;
      Object.defineProperty(prototype, key, {
        configurable: true,
        writable: true,
        enumerable: descriptor.enumerable ?? false,
        value: function (this: T, ...args: unknown[]) {
          return method.apply(toNative(this), args);
        },
      });
    }
  }
}
