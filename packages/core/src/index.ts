export type { FetchApp, FetchHandler } from './types.ts';
