// Bootstrap of an MCMC worker thread: registers tsx (a .ts worker entry fails under tsx on Node 20, see
// DESIGN.md) and then imports the TypeScript entry, which runs the chain jobs it is sent.
import { register } from "tsx/esm/api";

register();
await import(new URL("./worker-chain.ts", import.meta.url).href);
