// Bootstrap of a kernel worker thread: registers tsx (a .ts worker entry fails under tsx on Node 20, see
// DESIGN.md) and then imports the TypeScript entry, which instantiates the kernels over the shared memory.
import { register } from "tsx/esm/api";

register();
await import(new URL("./worker.ts", import.meta.url).href);
