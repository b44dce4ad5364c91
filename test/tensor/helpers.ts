// Shared helpers of the tensor tests: seeded random matrices.
import { Rng } from "../../src/rand/rng.js";

export function randn(rng: Rng, len: number, scale = 1): Float32Array {
  return Float32Array.from({ length: len }, () => rng.normal() * scale);
}
export function randInt8(rng: Rng, len: number): Int8Array {
  return Int8Array.from({ length: len }, () => Math.floor(rng.double() * 256) - 128);
}
export function frob(a: ArrayLike<number>, b?: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i] - (b ? b[i] : 0); s += d * d; }
  return Math.sqrt(s);
}
