// A Borel program file driven from TypeScript: compile examples/hmm.borel (the dishonest casino), call its
// functions (the stdlib's forward algorithm, imported by the program) and run its query. This is what
// `borel run` does, plus direct access to the program's models, functions and values.
//   npx tsx examples/embed/program.ts
//   node --loader ts-node/esm examples/embed/program.ts
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { callFunction, compileProgram, formatError, runQuery } from "../../src/index.js";

const file = fileURLToPath(new URL("../hmm.borel", import.meta.url));
const source = readFileSync(file, "utf8");
const program = compileProgram(source, file);
if (program.errors.length > 0) {
  console.error(program.errors.map((e) => formatError(e, { source })).join("\n"));
  process.exit(1);
}

const { init, trans, emit, rolls } = program.values;
const logLik = callFunction(program, "hmm_log_likelihood", [init, trans, emit, rolls]) as number;
console.log(`forward algorithm: log p(rolls) = ${logLik.toFixed(6)}`);

const posterior = await runQuery(program.queries[0]!, { seed: 0 });
console.log(`enumeration:       log Z        = ${posterior.logZ!.toFixed(6)}`);
const loaded = posterior.mean("z/11");
console.log(`p(the last roll used the loaded die | rolls) = ${loaded.toFixed(4)}`);
