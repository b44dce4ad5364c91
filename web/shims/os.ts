// node:os in the browser bundle. One core: the playground runs inference in one Web Worker, and the
// inference layer's worker threads (node:worker_threads) do not exist here, so MCMC never plans for them.
export function availableParallelism(): number { return 1; }
export function cpus(): unknown[] { return [{}]; }
export function tmpdir(): string { return "/tmp"; }
export default { availableParallelism, cpus, tmpdir };
