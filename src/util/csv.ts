/**
 * CSV (and TSV) data as a record of columns, the shape Borel programs index: a header row names the columns;
 * a column whose cells are all numbers becomes an array of numbers, one of only true/false an array of
 * booleans, any other an array of strings. Fields follow RFC 4180: quoted with `"`, a `""` inside quotes is a
 * quote, line breaks inside quotes belong to the field; CRLF or LF rows; a byte-order mark is skipped. A bad file
 * is an error naming the row (1-based, the header is row 1) and the column.
 *
 * @example
 * ```ts
 * parseCsv("x,y\n1,2.5\n2,3.1\n");   // { x: [1, 2], y: [2.5, 3.1] }
 * ```
 */

/** A CSV file that cannot be read as columns: `row` (1-based, header = 1) and `column` say where. */
export class CsvError extends Error {
  constructor(message: string, readonly row?: number, readonly column?: string) {
    super(message);
    this.name = "CsvError";
  }
}

/** The rows of a CSV text as arrays of raw fields. */
function rows(text: string, delimiter: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [], field = "", quoted = false, i = 0, fieldStart = true;
  const n = text.length;
  const endField = () => { row.push(field); field = ""; fieldStart = true; };
  const endRow = () => { endField(); out.push(row); row = []; };
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && fieldStart) { quoted = true; fieldStart = false; i++; continue; }
    if (c === delimiter) { endField(); i++; continue; }
    if (c === "\r" || c === "\n") {
      endRow();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    field += c;
    fieldStart = false;
    i++;
  }
  if (quoted) throw new CsvError(`a quoted field opened on row ${out.length + 1} is never closed`, out.length + 1);
  if (field !== "" || row.length > 0) endRow();
  // Blank lines (a trailing newline, empty lines between rows) carry no data.
  return out.filter((r) => !(r.length === 1 && r[0]!.trim() === ""));
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Cells that R, pandas and spreadsheets write for a missing number. */
const MISSING = /^(na|n\/a|nan|null|none|missing|\.|\?|-)$/i;

/** A column's cells as numbers, booleans or strings (see the module doc). */
function column(cells: string[], name: string): number[] | boolean[] | string[] {
  const trimmed = cells.map((c) => c.trim());
  const filled = trimmed.filter((c) => c !== "");
  if (filled.length > 0 && filled.every((c) => NUMBER.test(c) || /^[+-]?(inf|infinity)$/i.test(c))) {
    const empty = trimmed.findIndex((c) => c === "");
    if (empty >= 0)
      throw new CsvError(`row ${empty + 2}, column '${name}': the cell is empty in a column of numbers (Borel data has no missing values)`, empty + 2, name);
    return trimmed.map((c) => (/inf/i.test(c) ? (c.startsWith("-") ? -Infinity : Infinity) : Number(c)));
  }
  if (filled.length === trimmed.length && filled.length > 0 && filled.every((c) => /^(true|false)$/i.test(c))) return trimmed.map((c) => c.toLowerCase() === "true");
  // Numbers with a missing-value marker among them: read as a column of strings, the data failed far from here
  // ("the string "2.1" at 'y/0' is not a number").
  const missing = trimmed.findIndex((c) => MISSING.test(c));
  if (missing >= 0 && filled.some((c) => NUMBER.test(c)) && filled.every((c) => NUMBER.test(c) || MISSING.test(c)))
    throw new CsvError(`row ${missing + 2}, column '${name}': '${trimmed[missing]}' marks a missing value in a column of numbers (Borel data has no missing values)`, missing + 2, name);
  return cells;
}

/** Parses CSV (or TSV, with `delimiter: "\t"`) text into a record of columns (see the module doc). */
export function parseCsv(text: string, delimiter = ","): Record<string, number[] | boolean[] | string[]> {
  const all = rows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, delimiter);
  if (all.length === 0) throw new CsvError("the file is empty: a CSV file needs a header row naming its columns", 1);
  const header = all[0]!.map((h) => h.trim());
  header.forEach((h, j) => {
    if (h === "") throw new CsvError(`column ${j + 1} of the header row has no name`, 1);
    if (header.indexOf(h) !== j) throw new CsvError(`the header names column '${h}' twice`, 1, h);
  });
  const body = all.slice(1);
  body.forEach((r, k) => {
    if (r.length !== header.length)
      throw new CsvError(`row ${k + 2} has ${r.length} field${r.length === 1 ? "" : "s"}, the header ${header.length}`, k + 2);
  });
  const out: Record<string, number[] | boolean[] | string[]> = {};
  header.forEach((h, j) => { out[h] = column(body.map((r) => r[j]!), h); });
  return out;
}
