// Parser and checker fuzzing for `npm run test:slow`: 110,000 cases (issue 3 asks ≥ 10^5).
import { test } from "node:test";
import fc from "fast-check";
import { checkGenerated, mutatedPrograms, randomText, roundTrip } from "./fuzz-props.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

test("print/parse round trip on 30,000 generated programs", () => roundTrip(30_000));
test("checker on 10,000 generated programs", () => checkGenerated(10_000));
test("35,000 random texts never crash the parser or checker", () => randomText(35_000));
test("35,000 mutated valid programs never crash the parser or checker", () => mutatedPrograms(35_000));
