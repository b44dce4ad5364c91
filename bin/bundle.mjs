// Where the prebuilt CLI bundle lives and whether it is fresh: built after every file it was built from
// (the TypeScript sources esbuild read, the build script, package-lock.json). Stat-ing those few hundred
// files costs a few milliseconds, far less than compiling TypeScript on the fly (tsx: ~0.6-1 s per start).
import { readFileSync, statSync } from "node:fs";

export const ROOT = new URL("../", import.meta.url);
export const BUNDLE = new URL("dist/cli/borel.mjs", ROOT);
export const INPUTS = new URL("dist/cli/inputs.json", ROOT);

/** True when the bundle exists and is newer than every file it was built from. */
export function bundleIsFresh() {
  try {
    const built = statSync(BUNDLE).mtimeMs;
    const inputs = JSON.parse(readFileSync(INPUTS, "utf8"));
    for (const f of inputs) if (statSync(new URL(f, ROOT)).mtimeMs > built) return false;
    return true;
  } catch {
    return false;
  }
}
