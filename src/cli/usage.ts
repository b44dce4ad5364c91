/**
 * The help text (written from the flag table in args.ts, so a new flag documents itself) and the version.
 *
 * @example
 * ```ts
 * process.stdout.write(helpText());
 * version();   // "0.1.0"
 * ```
 */
import { readFileSync } from "node:fs";
import { FLAGS } from "./args.js";

/** The package version from package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

export function helpText(): string {
  const flags = FLAGS.map((f) => {
    const name = `${f.short ? `-${f.short}, ` : "    "}--${f.name}${f.value ? ` ${f.value}` : ""}`;
    return `  ${name.padEnd(28)} ${f.doc}${f.repeat ? " (repeatable)" : ""}`;
  });
  return [
    "borel: run Borel probabilistic programs",
    "",
    "usage:",
    "  borel run FILE [--seed N] [--json] [--data NAME=file.json]... [--draws out.csv] [--plot out.svg|dir/] [--progress]",
    "  borel check FILE [--json] [--data NAME=file.json]...",
    "  borel repl [FILE] [--seed N] [--data NAME=file.json]...",
    "  borel pfn train|predict|info ...   (borel pfn --help)",
    "  borel --help | --version",
    "",
    "commands:",
    "  run     compile the program and run its queries; print each posterior summary",
    "  check   parse and check the program without running its queries",
    "  repl    an interactive session (:help inside for its commands); FILE is loaded first",
    "  pfn     train a prior-data fitted network on a model's prior, predict with one, describe a weights file",
    "",
    "flags:",
    ...flags,
    "",
    "exit codes: 0 ok, 1 program error (located, with a hint), 2 usage error, 130 interrupted (Ctrl-C)",
    "",
  ].join("\n");
}
