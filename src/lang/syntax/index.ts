/** The Borel front end's syntax layer: tokens → parser → typed AST, and the canonical printer. */
export type * from "./ast.js";
export { parse, MAX_ERRORS, type ParseResult } from "./parse.js";
export { print, printExpr, printStmt } from "./print.js";
export { tokenize, type LexResult } from "./lexer.js";
export { KEYWORDS } from "./tokens.js";
export { MAX_NESTING, MAX_TREE_DEPTH } from "./limits.js";
