// CSV/TSV data files as records of columns (src/util/csv.ts): exact parses of the RFC 4180 cases, a fast-check
// round trip (quote any generated table, parse it back), located errors, and `load` / `--data` reading them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parseCsv } from "../../src/util/csv.js";
import { readDataFile } from "../../src/util/files.js";
import { compileProgram, runQuery } from "../../src/lang/index.js";

test("columns by header: numbers, booleans and strings; quotes, CRLF, a BOM, blank lines, TSV", () => {
  assert.deepEqual(parseCsv("x,y\n1,2.5\n2,3.1\n"), { x: [1, 2], y: [2.5, 3.1] });
  assert.deepEqual(parseCsv("\uFEFFa,b,c\r\n-1e3,true,\"hi, there\"\r\n\r\n.5,FALSE,\"say \"\"x\"\"\"\r\n"), { a: [-1000, 0.5], b: [true, false], c: ["hi, there", 'say "x"'] });
  assert.deepEqual(parseCsv('n,t\n1,"two\nlines"\n'), { n: [1], t: ["two\nlines"] });
  assert.deepEqual(parseCsv("a\tb\n1\t2\n", "\t"), { a: [1], b: [2] });
  assert.deepEqual(parseCsv("id,label\n1,a\n2,3\n"), { id: [1, 2], label: ["a", "3"] }); // a mixed column stays strings
  assert.deepEqual(parseCsv("only\n"), { only: [] });
});

test("a bad CSV file is an error naming the row and column", () => {
  assert.throws(() => parseCsv(""), /the file is empty/);
  assert.throws(() => parseCsv("x,y\n1,2\n3\n"), /row 3 has 1 field, the header 2/);
  assert.throws(() => parseCsv("x,y\n1,\n2,3\n"), /row 2, column 'y': the cell is empty in a column of numbers/);
  // A missing-value marker among numbers (it made the column strings, and the error came far away, at a choice).
  for (const na of ["NA", "nan", "N/A", "null", "."]) assert.throws(() => parseCsv(`x,y\n1,2.1\n2,${na}\n`), new RegExp(`row 3, column 'y': '${na.replace(".", "\\.")}' marks a missing value`));
  assert.deepEqual(parseCsv("name\nNA\nBob\n").name, ["NA", "Bob"]);
  assert.throws(() => parseCsv("x,x\n1,2\n"), /names column 'x' twice/);
  assert.throws(() => parseCsv('x\n"open\n'), /never closed/);
  assert.throws(() => parseCsv("x,\n1,2\n"), /column 2 of the header row has no name/);
});

test("fast-check: any table of numbers and strings, written as CSV with every field quoted, parses back", () => {
  const name = fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() === s && s !== "");
  // Strings start with a letter, so they never read as a number, a boolean or an empty cell (those are the
  // typed and error cases tested above).
  const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 8 }).map((t) => `s${t}`));
  fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 6 }), fc.infiniteStream(cell), (cols, nRows, cells) => {
    const it = cells[Symbol.iterator]();
    const table = Array.from({ length: nRows }, () => cols.map(() => it.next().value as number | string));
    const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const text = [cols.map(q).join(","), ...table.map((r) => r.map((v) => q(String(v))).join(","))].join("\r\n");
    const out = parseCsv(text);
    return cols.every((c, j) => {
      const col = out[c]!;
      return col.length === nRows && table.every((r, i) => {
        const got = col[i], want = r[j];
        // A column is numeric when all its cells read as numbers; then compare as numbers.
        return typeof got === "number" ? got === want : got === String(want);
      });
    });
  }), { numRuns: 300 });
});

test("load(\"x.csv\") and --data read CSV as columns (a CSV file was 'not valid JSON')", async () => {
  const dir = mkdtempSync(join(tmpdir(), "borel-csv-"));
  writeFileSync(join(dir, "d.csv"), "x,y\n0,1.1\n1,2.9\n2,5.2\n3,6.8\n");
  writeFileSync(join(dir, "m.borel"), `let d = load("d.csv")
model line(xs, ys) {
  a ~ normal(0, 10)
  b ~ normal(0, 10)
  for i in 0..len(xs) { observe(normal(a + b * xs[i], 0.5), ys[i]) }
}
query line(d.x, d.y) using importance(particles: 20000)
`);
  const { readFileSync } = await import("node:fs");
  const prog = compileProgram(readFileSync(join(dir, "m.borel"), "utf8"), join(dir, "m.borel"));
  assert.deepEqual(prog.errors, []);
  const post = await runQuery(prog.queries[0], { seed: 1 });
  // Least squares through (0,1.1), (1,2.9), (2,5.2), (3,6.8): slope 1.93 (the priors barely matter).
  assert.ok(Math.abs(post.mean("b") - 1.93) < 0.1, `slope ${post.mean("b")}`);
  assert.deepEqual(readDataFile(join(dir, "d.csv")), { value: { x: [0, 1, 2, 3], y: [1.1, 2.9, 5.2, 6.8] } });
  writeFileSync(join(dir, "bad.csv"), "x,y\n1\n");
  const bad = readDataFile(join(dir, "bad.csv"));
  assert.ok("problem" in bad && /not a readable CSV file: row 2 has 1 field, the header 2/.test(bad.problem));
});
