/**
 * Saving a posterior to disk and loading it back (Node only; the JSON format is in serialize.ts).
 *
 * @example
 * ```ts
 * savePosterior(post, "run1.posterior.json");
 * const back = loadPosterior("run1.posterior.json");
 * const more = resume(back, { model, args, observations, kernel, samples: 1000 });
 * ```
 */
import { readFileSync, writeFileSync } from "node:fs";
import { BorelError } from "../util/errors.js";
import type { Posterior } from "./posterior.js";
import { posteriorFromJSON, posteriorToJSON } from "./serialize.js";

/** Writes the posterior as JSON to `path`. */
export function savePosterior(post: Posterior, path: string): void {
  const text = JSON.stringify(posteriorToJSON(post));
  try { writeFileSync(path, text); } catch (e) {
    throw new BorelError("io", `cannot write the posterior file '${path}': ${(e as Error).message}`, { cause: e, hint: "check that the folder exists and is writable" });
  }
}

/** Reads a posterior written by `savePosterior`. */
export function loadPosterior(path: string): Posterior {
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (e) {
    throw new BorelError("io", `cannot read the posterior file '${path}': ${(e as Error).message}`, { cause: e });
  }
  return posteriorFromJSON(JSON.parse(text));
}
