/**
 * Chevrotain, loaded from the single-file ESM bundle the package ships (`chevrotain/lib/chevrotain.mjs`).
 * The package's own entry point imports several hundred lodash-es modules: ~250 ms of CPU to load under plain
 * Node and ~730 ms under tsx, against ~10–25 ms for the bundle — the difference decides `borel run`'s
 * startup time. The bundle is the same release as the entry point (same package folder). Where the bundle
 * cannot be located (a browser build), the package entry point is imported instead.
 * Every value import of Chevrotain in Borel goes through this module (type imports may use "chevrotain").
 */
import type * as Chevrotain from "chevrotain";

async function load(): Promise<typeof Chevrotain> {
  try {
    const entry = import.meta.resolve("chevrotain"); // .../chevrotain/lib/src/api.js
    return (await import(new URL("../chevrotain.mjs", entry).href)) as typeof Chevrotain;
  } catch {
    return await import("chevrotain");
  }
}

const chevrotain = await load();

export const { createToken, createSyntaxDiagramsCode, EmbeddedActionsParser, Lexer, tokenLabel } = chevrotain;
