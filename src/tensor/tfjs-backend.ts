/**
 * The `@tensorflow/tfjs` backend on tfjs's own `wasm` backend (single-threaded in Node). tfjs is imported
 * only when this backend is created. The `.wasm` files are found next to the installed
 * `@tensorflow/tfjs-backend-wasm` package (`setWasmPaths` with its `dist/` folder).
 *
 * @example
 * ```ts
 * const tfb = await createTfjsBackend("wasm");
 * const c = tfb.gemm(a, b, m, k, n, false, false);
 * ```
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Backend } from "./backend.js";

type Tf = typeof import("@tensorflow/tfjs");

/** Backend name for the tfjs backend: "wasm" (default) or "cpu". */
export async function createTfjsBackend(which: "wasm" | "cpu" = "wasm"): Promise<Backend & { tf: Tf }> {
  const tf: Tf = await import("@tensorflow/tfjs");
  if (which === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
    wasm.setWasmPaths(dir + "/");
  }
  const ok = await tf.setBackend(which);
  if (!ok) throw new Error(`tfjs: backend ${which} failed to initialize`);
  await tf.ready();
  return {
    name: `tfjs-${which}`,
    tf,
    gemm(a, b, m, k, n, ta, tb) {
      // XNNPACK (the wasm backend) leaves the output unwritten when the inner dimension is empty.
      if (m * k * n === 0) return new Float32Array(m * n);
      return tf.tidy(() => {
        const A = tf.tensor2d(a, ta ? [k, m] : [m, k]), B = tf.tensor2d(b, tb ? [n, k] : [k, n]);
        return tf.matMul(A, B, ta, tb).dataSync() as Float32Array;
      });
    },
  };
}
