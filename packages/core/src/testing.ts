// Test utilities of @sluice/core (`@sluice/core/testing`): contract tests for SSEEventStore
// implementations, usable from any test framework.
export {
  type EventStoreContractOptions,
  eventStoreContract,
  type StoreContractCase,
  type StoreFactory,
  type StoreLimits,
} from './sse/store-contract.ts';
