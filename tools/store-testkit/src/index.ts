export { buildStoreForWorkers } from './build-for-workers.js';
export { freePort } from './free-port.js';
export { requireServer } from './require-server.js';
export { API_KEY, API_SECRET, stubAdapter } from './stub-adapter.js';
export type { Worker, WorkerConfig, WorkerJoin } from './workers.js';
export { sessionIdOfToken, startWorkers, testBuildPath } from './workers.js';
