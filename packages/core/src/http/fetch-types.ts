// Names for fetch types that only the DOM lib declares. @types/node declares the classes
// (`Headers`, `Response`) but not `HeadersInit`, so the .d.ts files of a Node project without
// the DOM lib (skipLibCheck: false) could not read a signature that names it. Derived from the
// classes, these mean the same wherever the classes exist.

/** What `new Headers(init)` takes: a `Headers`, a record or `[name, value]` pairs. */
export type HeadersInput = ConstructorParameters<typeof Headers>[0];
