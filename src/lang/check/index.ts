/** The Borel front end's static checks: name resolution, arity, placement, addresses, queries, paths. */
export { check, type CheckContext } from "./check.js";
export { BUILTINS, MODEL_ONLY_BUILTINS, type BuiltinSignature } from "./builtins.js";
export { declarationsOf, importFile, STDLIB_DIR, type GlobalDecl } from "./imports.js";
export { observeAddress } from "./addresses.js";
export { closest, editDistance } from "../../util/suggest.js";
export { parseAndCheck } from "./parse-and-check.js";
