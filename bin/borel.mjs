#!/usr/bin/env -S node --max-semi-space-size=64
// The `borel` command. Runs the prebuilt bundle dist/cli/borel.mjs when it is fresh (fast start; built by
// `npm ci` / `npm run build`), and otherwise the TypeScript sources through tsx — always correct, but each
// start then costs ~1 s of compilation (a note on a terminal says so). BOREL_FROM_SOURCE=1 forces the sources.
// The shebang gives V8 a larger young generation: SMC particles live about one step, and with the default
// semi-space a 10⁴-particle filter on a Borel program spent most of its time copying them (64 MB: ~1.5x faster).
import { BUNDLE, ROOT, bundleIsFresh } from "./bundle.mjs";

let cli;
if (!process.env.BOREL_FROM_SOURCE && bundleIsFresh()) {
  cli = await import(BUNDLE.href);
} else {
  if (!process.env.BOREL_FROM_SOURCE && process.stderr.isTTY)
    process.stderr.write("borel: the prebuilt CLI is missing or older than the sources; running them through tsx (npm run build makes startup fast)\n");
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import(new URL("src/cli/main.ts", ROOT).href);
}
process.exitCode = await cli.main(process.argv.slice(2));
