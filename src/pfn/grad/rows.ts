/**
 * Row-wise ops of the PFN input and output layouts (B datasets × T rows, context rows first):
 * `addContextY` adds Lin_y(y) = y·w_y + b_y to the context rows (query rows carry Lin_x(x) only),
 * `addQueryTable` adds a learned embedding per query slot (the latent-proposal PFN's per-address tokens),
 * `queryRows` gathers the query rows for the head.
 *
 * @example
 * ```ts
 * let h = addContextY(tp, linear(tp, x, wx, bx), ys, wy, by, { batch: B, rows: T, context: nc });
 * const logits = head(queryRows(tp, h, { batch: B, rows: T, context: nc }));
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { TNode, Tape } from "./tape.js";

export interface RowLayout { batch: number; rows: number; context: number }

/** h + [row is context] (y_row·w_y + b_y); `y` holds the B·nc context outputs, dataset-major. */
export function addContextY(tp: Tape, h: TNode, y: Float32Array, wy: TNode, by: TNode, L: RowLayout): TNode {
  const { batch: B, rows: T, context: nc } = L, d = h.cols;
  if (y.length !== B * nc || wy.data.length !== d || by.data.length !== d)
    throw new BorelError("shape", `addContextY: ${y.length} outputs for ${B}×${nc} context rows, w_y ${wy.data.length}, width ${d}`);
  const out = h.data.slice();
  for (let b = 0; b < B; b++) for (let i = 0; i < nc; i++) {
    const o = (b * T + i) * d, yv = y[b * nc + i];
    for (let c = 0; c < d; c++) out[o + c] += yv * wy.data[c] + by.data[c];
  }
  return tp.output(out, h.rows, d, [h, wy, by], (n) => {
    const g = n.grad!;
    if (h.needsGrad) { const dh = h.g(); for (let i = 0; i < g.length; i++) dh[i] += g[i]; }
    const dw = wy.needsGrad ? wy.g() : null, db = by.needsGrad ? by.g() : null;
    for (let b = 0; b < B; b++) for (let i = 0; i < nc; i++) {
      const o = (b * T + i) * d, yv = y[b * nc + i];
      for (let c = 0; c < d; c++) { if (dw) dw[c] += g[o + c] * yv; if (db) db[c] += g[o + c]; }
    }
  });
}

/** h + E[a] on query row nc + a of every dataset (T = nc + A). */
export function addQueryTable(tp: Tape, h: TNode, table: TNode, L: RowLayout): TNode {
  const { batch: B, rows: T, context: nc } = L, d = h.cols, A = table.rows;
  if (T - nc !== A || table.cols !== d) throw new BorelError("shape", `addQueryTable: ${T - nc} query rows for ${A} table rows`);
  const out = h.data.slice();
  for (let b = 0; b < B; b++) for (let a = 0; a < A; a++) {
    const o = (b * T + nc + a) * d;
    for (let c = 0; c < d; c++) out[o + c] += table.data[a * d + c];
  }
  return tp.output(out, h.rows, d, [h, table], (n) => {
    const g = n.grad!;
    if (h.needsGrad) { const dh = h.g(); for (let i = 0; i < g.length; i++) dh[i] += g[i]; }
    if (table.needsGrad) {
      const dt = table.g();
      for (let b = 0; b < B; b++) for (let a = 0; a < A; a++) {
        const o = (b * T + nc + a) * d;
        for (let c = 0; c < d; c++) dt[a * d + c] += g[o + c];
      }
    }
  });
}

/** The query rows (nc..T−1 of each dataset): [B·(T − nc), d]. */
export function queryRows(tp: Tape, h: TNode, L: RowLayout): TNode {
  const { batch: B, rows: T, context: nc } = L, d = h.cols, nq = T - nc;
  const out = new Float32Array(B * nq * d);
  for (let b = 0; b < B; b++) out.set(h.data.subarray((b * T + nc) * d, (b + 1) * T * d), b * nq * d);
  return tp.output(out, B * nq, d, [h], (n) => {
    const g = n.grad!, dh = h.g();
    for (let b = 0; b < B; b++) {
      const o = (b * T + nc) * d;
      for (let i = 0; i < nq * d; i++) dh[o + i] += g[b * nq * d + i];
    }
  });
}
