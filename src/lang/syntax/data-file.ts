/**
 * Recognizes a data file given where a program belongs (`borel run data.csv`, a JSON file passed as the
 * program): its syntax errors are then not mistakes in a program but the wrong kind of file, and the first
 * error's hint says how data reaches a program instead.
 *
 * @example
 * ```ts
 * dataFileHint("x,y\n1,2\n3,4\n", "cars.csv");
 * // "this looks like a data file (CSV), not a Borel program: read it in a program with load(\"cars.csv\"), ..."
 * dataFileHint("let a = 1", "a.borel");   // undefined
 * ```
 */

/** The last part of a path (the syntax layer also runs in the browser, without node:path). */
const basename = (file: string): string => file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
/** The extension of a path's last part, with its dot ("" when it has none). */
const extname = (file: string): string => /\.[^.]*$/.exec(basename(file))?.[0] ?? "";

/** How many lines of a file are looked at (a data file is regular from its first lines). */
const SAMPLE_LINES = 50;

/** A cell of a CSV/TSV row: a number, a quoted string, or a bare word (no brackets, operators of code). */
const CELL = /^\s*(?:-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|"(?:[^"]|"")*"|[^"(){}[\]=~;]*)\s*$/;

/** "CSV", "TSV" or "JSON" when `source` reads as that kind of data file, else undefined. */
export function dataKind(source: string, file: string): "CSV" | "TSV" | "JSON" | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === ".csv") return "CSV";
  if (ext === ".tsv") return "TSV";
  if (ext === ".json") return "JSON";
  const text = source.replace(/^\uFEFF/, "").trim();
  if (text.startsWith("{") || text.startsWith("[")) {
    try {
      JSON.parse(text);
      return "JSON";
    } catch {
      return undefined;
    }
  }
  const lines = text.split(/\r?\n/, SAMPLE_LINES).filter((l) => l.trim() !== "");
  for (const [sep, kind] of [["\t", "TSV"], [",", "CSV"]] as const) {
    const cells = lines[0]?.split(sep).length ?? 0;
    // Every sampled row has the same number (≥ 2) of plain cells, not all empty.
    if (cells >= 2 && lines.every((l) => { const cs = l.split(sep); return cs.length === cells && cs.every((c) => CELL.test(c)) && cs.some((c) => c.trim() !== ""); })) return kind;
  }
  return undefined;
}

/** The hint for the first syntax error of a file that looks like data rather than a program, or undefined. */
export function dataFileHint(source: string, file: string): string | undefined {
  const kind = dataKind(source, file);
  if (kind === undefined) return undefined;
  const ext = `.${kind.toLowerCase()}`;
  const name = extname(file).toLowerCase() === ext ? basename(file) : `data${ext}`;
  const rename = name === basename(file) ? "" : `save it as a ${ext} file and `;
  return `this looks like a data file (${kind}), not a Borel program: ${rename}read it in a program with load("${name}"), or pass it to one with borel run PROGRAM --data NAME=${name}`;
}
