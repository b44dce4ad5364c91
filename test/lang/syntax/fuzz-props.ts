// The parser/checker fuzz properties, shared by fuzz.test.ts (≥ 10^4 cases in `npm test`) and fuzz.slow.test.ts
// (≥ 10^5 in `npm run test:slow`): generated programs round-trip through print/parse; random text and mutated
// valid programs never make the parser or the checker throw, and every error they report is a located
// BorelError.
import assert from "node:assert/strict";
import fc from "fast-check";
import { check } from "../../../src/lang/check/check.js";
import { parse } from "../../../src/lang/syntax/parse.js";
import { print } from "../../../src/lang/syntax/print.js";
import { isBorelError, type BorelError } from "../../../src/util/errors.js";
import { program, stripSpans } from "./arbitrary.js";

/** Every error is a BorelError with a span inside the source (1-based; one past the end allowed). */
export function assertLocated(errors: readonly BorelError[], source: string, file: string): void {
  const lines = source.split(/\r\n?|\n/).length;
  for (const e of errors) {
    assert.ok(isBorelError(e), "not a BorelError");
    assert.ok(e.span, `no span: ${e.message}`);
    assert.equal(e.span.file, file);
    assert.ok(Number.isInteger(e.span.line) && e.span.line >= 1 && e.span.line <= lines, `bad line ${e.span.line} (${lines} lines): ${e.message}`);
    assert.ok(Number.isInteger(e.span.col) && e.span.col >= 1, `bad col ${e.span.col}: ${e.message}`);
    assert.ok(e.message.length > 0);
  }
}

/** Parses and checks `source`; asserts nothing throws and everything is located. */
export function parseAndCheckSafely(source: string): void {
  const { program: p, errors } = parse(source, "fuzz.borel");
  assertLocated(errors, source, "fuzz.borel");
  for (const e of errors) assert.equal(e.code, "syntax");
  const checked = check(p);
  // Checker errors point into the (possibly partial) tree, whose spans come from the source.
  assertLocated(checked, source, "fuzz.borel");
}

export function roundTrip(numRuns: number): void {
  fc.assert(
    fc.property(program, (p) => {
      const text = print(p);
      const r = parse(text, "gen.borel");
      assert.deepEqual(r.errors.map((e) => `${e.span?.line}:${e.span?.col} ${e.message}`), [], text);
      assert.deepEqual(stripSpans(r.program), stripSpans(p));
      assert.equal(print(r.program), text);
    }),
    { numRuns },
  );
}

/** The checker on generated (well-formed, meaningless) programs: never throws; every error located. */
export function checkGenerated(numRuns: number): void {
  fc.assert(
    fc.property(program, (p) => {
      const text = print(p);
      const { program: parsed } = parse(text, "gen.borel");
      assertLocated(check(parsed), text, "gen.borel");
    }),
    { numRuns },
  );
}

const FRAGMENTS = [
  "model", "fn", "let", "var", "if", "else", "for", "in", "return", "query", "given", "using", "import", "track",
  "true", "false", "x", "y", "normal", "observe", "factor", "param", "load", "0", "1.5", "1e3", "\"s\"", "\"",
  "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "..", "~", "=", "==", "=>", "!", "-", "+", "*", "/", "%",
  "<", ">=", "&&", "||", "//", "/*", "*/", "\n", " ", "\t", "#", "@", "é", "\\", "'",
];

/** Random text: arbitrary strings, and strings of Borel-ish fragments. */
export function randomText(numRuns: number): void {
  const text = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((xs) => xs.join(" ")),
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((xs) => xs.join("")),
  );
  fc.assert(fc.property(text, parseAndCheckSafely), { numRuns });
}

type Mutation = { at: number; del: number; insert: string };

/** Valid programs with a few characters deleted, fragments inserted, or slices duplicated. */
export function mutatedPrograms(numRuns: number): void {
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    at: fc.nat(),
    del: fc.nat({ max: 6 }),
    insert: fc.oneof(fc.constant(""), fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 })),
  });
  fc.assert(
    fc.property(program, fc.array(mutation, { minLength: 1, maxLength: 4 }), (p, ms) => {
      let text = print(p);
      for (const m of ms) {
        const at = text.length === 0 ? 0 : m.at % (text.length + 1);
        text = text.slice(0, at) + m.insert + text.slice(at + m.del);
      }
      parseAndCheckSafely(text);
    }),
    { numRuns },
  );
}
