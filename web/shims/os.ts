// node:os in the browser bundle.
const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
export function availableParallelism(): number { return nav?.hardwareConcurrency ?? 1; }
export function cpus(): unknown[] { return Array.from({ length: availableParallelism() }, () => ({})); }
export function tmpdir(): string { return "/tmp"; }
export default { availableParallelism, cpus, tmpdir };
