// The quick-start model in the embedded TypeScript DSL: a coin with a uniform prior on its bias, 70 heads in
// 100 flips, posterior by importance sampling. Exact posterior: Beta(71, 31), mean 0.69608, sd 0.04532.
//   npx tsx examples/embed/coin.ts [--seed N]
import { gen, beta, bernoulli, importance } from "../../src/index.js";

const seedArg = process.argv.indexOf("--seed");
const seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 0;

const flips = Array.from({ length: 100 }, (_, i) => i < 70);

const coin = gen((t, flips: boolean[]) => {
  const p = t.sample("p", beta(1, 1));
  flips.forEach((f, i) => t.observe(["flip", i], bernoulli(p), f));
  return p;
}, "coin");

const posterior = importance(coin, [flips], {}, { particles: 10000, seed });
console.log(posterior.summaryTable());
