export type { RedisClientLike } from './client.ts';
export { RedisStoreError } from './errors.ts';
export type { RedisEventStoreOptions } from './options.ts';
export { type RedisEventStore, redisEventStore } from './store.ts';
