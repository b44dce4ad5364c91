// node:worker_threads in the browser bundle: no worker threads (chains and kernels run in the page's worker).
export const isMainThread = true;
export const parentPort = null;
export const workerData = undefined;
export class Worker {
  constructor() { throw new Error("worker threads are not available in the browser playground"); }
}
export default { isMainThread, parentPort, workerData, Worker };
