// Parser and checker fuzzing in `npm test`: 12,000 cases (issue 3 asks ≥ 10^4); the 10^5-case run is
// fuzz.slow.test.ts. Seeded: FC_SEED=<n> reproduces a run.
import { test } from "node:test";
import fc from "fast-check";
import { checkGenerated, mutatedPrograms, randomText, roundTrip } from "./fuzz-props.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

test("print/parse round trip on 3,000 generated programs", () => roundTrip(3000));
test("checker on 1,000 generated programs: never throws, errors located", () => checkGenerated(1000));
test("4,000 random texts never crash the parser or checker; errors are located", () => randomText(4000));
test("4,000 mutated valid programs never crash the parser or checker; errors are located", () => mutatedPrograms(4000));
