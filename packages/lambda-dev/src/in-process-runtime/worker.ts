import { workerData } from 'node:worker_threads';
import { type RuntimeWorkerData, runRuntime } from './runtime-loop.ts';

// Entry of the in-process runtime: one worker thread = one Lambda sandbox.
void runRuntime(workerData as RuntimeWorkerData);
