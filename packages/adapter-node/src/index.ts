export type { ServeOptions, Server } from './serve.ts';
export { serve } from './serve.ts';
