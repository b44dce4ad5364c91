// Borel source inside TypeScript: the ``borel`...` `` tag compiles a program and returns its models (as
// generative functions, usable with every inference function) and its functions (as TypeScript functions).
// Interpolated values become constants of the program; numeric arrays become vectors.
//
// A linear regression with the noise sd known (0.5) and normal(0, 10) priors — its posterior is Gaussian in
// closed form (slope 1.97693, intercept −1.03623 on examples/data/linreg.json) — sampled with NUTS, then the
// fitted line evaluated by a Borel function.
//   npx tsx examples/embed/template.ts
//   node --loader ts-node/esm examples/embed/template.ts
import { readFileSync } from "node:fs";
import { borel, nuts } from "../../src/index.js";

const data = JSON.parse(readFileSync(new URL("../data/linreg.json", import.meta.url), "utf8")) as { xs: number[]; ys: number[] };

const { line, fitted } = borel`
  model line(sigma) {
    intercept ~ normal(0, 10)
    slope ~ normal(0, 10)
    y ~ normal(intercept + slope * ${data.xs}, sigma) given ${data.ys}
    return slope
  }
  fn fitted(intercept, slope, x) { intercept + slope * x }
`;

const posterior = nuts(line, [0.5], {}, { samples: 1000, warmup: 500, chains: 2, seed: 0 });
console.log(posterior.summaryTable());
console.log(`fitted value at x = 1.5: ${(fitted(posterior.mean("intercept"), posterior.mean("slope"), 1.5) as number).toFixed(4)}`);
