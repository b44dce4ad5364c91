/**
 * Guards for the files `borel run` writes (`--draws out.csv`, `--plot out.svg`): before any query runs, an
 * output that is an existing directory, or that is the same file as one the run reads — the program, a
 * `--data` file, a file the program imports, loads or names as PFN weights — is a usage error. Otherwise the
 * CLI would fail only after every query ran (a directory: the draws are lost), or silently overwrite its own
 * input (`--draws examples/data/flips.json` replaced the coin's data with draws).
 *
 * Same file means same device and inode (after symbolic links), so a symlink or a hard link to an input is
 * caught too. `load` calls are found in the source (a string literal argument): a path computed at run time
 * is not known before the run.
 *
 * @example
 * ```ts
 * const inputs = [{ path: "coin.borel", what: "the program" }, ...programInputs(prog)];
 * guardOutputs([{ flag: "--draws", given: "out.csv", path: "out.csv", query: 0 }], inputs);   // UsageError on a clash
 * ```
 */
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { importPath, parse, prepareQuery, resolveInside, type CompiledProgram, type Program } from "../lang/index.js";
import { UsageError } from "./args.js";

/** A file the run reads, and how to name it in a message. */
export interface InputFile {
  path: string;
  what: string;
}

/** A file the run will write: the flag, the path as given, and the path written (`out-2.csv` for query 2). */
export interface OutputFile {
  flag: string;
  given: string;
  path: string;
  /** Which query writes it (0-based). */
  query: number;
}

/** Device and inode of an existing file (following links), or null when it does not exist. */
function identity(path: string): { key: string; dir: boolean } | null {
  try {
    const st = statSync(path);
    // Where inodes are not reported (0), the resolved path stands in (no hard-link detection there).
    return { key: st.ino !== 0 ? `${st.dev}:${st.ino}` : resolve(path), dir: st.isDirectory() };
  } catch {
    return null;
  }
}

/**
 * Throws a UsageError when an output is an existing directory, the same file as an input, or the same file
 * as another output (`--draws x.svg --plot x.svg`).
 */
export function guardOutputs(outputs: readonly OutputFile[], inputs: readonly InputFile[]): void {
  const byKey = new Map<string, InputFile>();
  for (const input of inputs) {
    const id = identity(input.path);
    if (id !== null && !byKey.has(id.key)) byKey.set(id.key, input);
  }
  const written = new Map<string, OutputFile>();
  for (const out of outputs) {
    // Later queries write numbered files (out-2.csv): name the file that clashes, not only the flag's value.
    const target = out.path === out.given ? "it" : `${out.path} (query ${out.query + 1}'s output)`;
    const where = `${out.flag} ${out.given}: ${target}`;
    const file = out.flag === "--draws" ? "draws.csv" : "plots.svg";
    if (out.flag === "--draws" && /[/\\]$/.test(out.path))
      throw new UsageError(`${out.flag} ${out.given}: this names a folder, but --draws writes CSV files (out.csv, out-2.csv, ...); name a file, e.g. --draws ${out.path}draws.csv`);
    const id = identity(out.path);
    if (id?.dir) {
      const writes = out.flag === "--draws" ? "CSV files (out.csv, out-2.csv, ...)" : "one image per query there";
      const fix = target === "it" ? `name a file, e.g. ${out.flag} ${join(out.path, file)}` : `move the directory away, or give ${out.flag} another name`;
      throw new UsageError(`${where} is a directory, but ${out.flag} writes ${writes}; ${fix}`);
    }
    const input = id === null ? undefined : byKey.get(id.key);
    if (input !== undefined)
      throw new UsageError(`${where} is ${input.what}, which ${out.flag} would overwrite; write to another file, e.g. ${out.flag} ${file}`);
    const abs = resolve(out.path), other = written.get(abs);
    if (other !== undefined && other.flag !== out.flag)
      throw new UsageError(`${where} is also written by ${other.flag} ${other.given}; give the two flags different files`);
    written.set(abs, out);
  }
}

/**
 * The files a compiled program reads besides itself: its imports (and theirs), the files named by
 * `load("...")` in it and in its imports, and the files its queries name (`pfn("gp.pfn", ...)`).
 * Paths that cannot be resolved are left out (the compiler or the query reports them).
 */
export function programInputs(prog: CompiledProgram): InputFile[] {
  const out: InputFile[] = [];
  const seen = new Set<string>();
  const visit = (program: Program, file: string) => {
    for (const item of program.items) {
      if (item.kind !== "Import") continue;
      let path: string;
      try { path = importPath(item.path, file, item.span); } catch { continue; }
      out.push({ path, what: `a file the program imports (import "${item.path}")` });
      if (seen.has(path)) continue;
      seen.add(path);
      let text: string;
      try { text = readFileSync(path, "utf8"); } catch { continue; }
      const parsed = parse(text, path);
      if (parsed.program !== null && parsed.errors.length === 0) visit(parsed.program, path);
    }
    for (const name of loadedNames(program)) {
      // `load` reads relative to the file that calls it (an import's own folder for an imported file).
      try { out.push({ path: resolveInside(file, name, undefined), what: `a file the program loads (load("${name}"))` }); } catch { /* missing: nothing to overwrite */ }
    }
  };
  if (prog.program !== null) visit(prog.program, prog.file);
  for (const [k, q] of prog.queries.entries()) {
    let file: unknown;
    try { file = prepareQuery(q).options.file; } catch { continue; }
    if (typeof file !== "string" || q.resolveFile === undefined) continue;
    try { out.push({ path: q.resolveFile(file, "query"), what: `the file query ${k + 1} reads ("${file}")` }); } catch { /* reported by the query */ }
  }
  return out;
}

/** The string literals passed to `load` anywhere in a program (models, functions, queries). */
function loadedNames(program: Program): string[] {
  const names: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) { for (const c of n) walk(c); return; }
    if (typeof n !== "object" || n === null) return;
    const node = n as { kind?: string; callee?: { kind: string; name?: string }; args?: { value: { kind: string; value?: unknown } }[] };
    if (node.kind === "Call" && node.callee?.kind === "Identifier" && node.callee.name === "load") {
      const arg = node.args?.[0]?.value;
      if (arg?.kind === "String" && typeof arg.value === "string") names.push(arg.value);
    }
    for (const [key, v] of Object.entries(n)) if (key !== "span") walk(v);
  };
  walk(program.items);
  return names;
}
