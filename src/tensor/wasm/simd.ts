/**
 * Detection of WebAssembly SIMD128 support: validates a tiny module whose one function returns a v128
 * (`v128.const`, `i32x4.dot_i16x8_s`). When it fails, Borel's kernels fall back to plain TypeScript.
 *
 * @example
 * ```ts
 * if (!hasWasmSimd()) console.log("using the TypeScript reference kernels");
 * ```
 */
let cached: boolean | undefined;

export function hasWasmSimd(): boolean {
  if (cached !== undefined) return cached;
  const c = [0xfd, 0x0c, ...new Array(16).fill(0)];
  const body = [0x00, ...c, ...c, 0xfd, 0xba, 0x01, 0x0b];
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,       // type: () -> v128
    0x03, 0x02, 0x01, 0x00,                         // one function
    0x0a, body.length + 2, 0x01, body.length, ...body,
  ]);
  try {
    cached = typeof WebAssembly === "object" && WebAssembly.validate(bytes);
  } catch {
    cached = false;
  }
  return cached;
}
