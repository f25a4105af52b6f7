// Starts a run worker whose entry is TypeScript (development and tests): registers tsx in this worker thread,
// then imports the entry. Built apps point the run manager at a bundled .js entry and never load this file.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
