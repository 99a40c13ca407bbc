// Test utilities of @sluice/core (`@sluice/core/testing`): contract tests for SSEEventStore
// implementations, usable from any test framework.
export {
  eventStoreContract,
  type StoreContractCase,
  type StoreFactory,
} from './sse/store-contract.ts';
