/**
 * Borel's one error type and its one formatter (DESIGN.md, "Conventions").
 *
 * Every error a user can cause — a malformed program, a bad distribution parameter, an address outside a
 * model, a NaN — is a `BorelError` carrying a machine-readable `code`, an optional source `span`, an optional
 * trace `address` and a `hint` saying how to fix it. Static checks return `BorelError[]`; run-time failures
 * throw. `formatError` serves the CLI, the REPL and notebooks alike.
 *
 * @example
 * ```ts
 * throw new BorelError("bad-parameter", "normal: argument 'sigma' must be > 0, got -1",
 *   { hint: "sigma is a standard deviation" });
 * ```
 */

/** A source location: 1-based line and column, end inclusive of the last character. */
export interface Span {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export type Address = readonly (string | number)[];

export interface BorelErrorOptions {
  span?: Span;
  address?: Address | string;
  hint?: string;
  cause?: unknown;
}

export class BorelError extends Error {
  readonly code: string;
  span?: Span;
  address?: string;
  hint?: string;

  constructor(code: string, message: string, options: BorelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BorelError";
    this.code = code;
    if (options.span) this.span = options.span;
    if (options.address !== undefined)
      this.address = typeof options.address === "string" ? options.address : options.address.join("/");
    if (options.hint) this.hint = options.hint;
  }

  /**
   * Returns this error with its address moved under `prefix` (the address of the call it arose in: a sub-model,
   * an element of `map`, a step of `unfold`), in `address` and where the message quotes it.
   */
  under(prefix: string): this {
    if (this.address === undefined) return this;
    const full = `${prefix}/${this.address}`;
    this.message = this.message.split(`'${this.address}'`).join(`'${full}'`);
    this.address = full;
    return this;
  }

  /** Returns this error located at `span` unless it already has a location (innermost location wins). */
  at(span: Span | undefined): this {
    if (span && !this.span) this.span = span;
    return this;
  }
}

/** True for a `BorelError` (also across module copies, by name and code). */
export function isBorelError(e: unknown): e is BorelError {
  return e instanceof BorelError || (e instanceof Error && e.name === "BorelError" && "code" in e);
}

export interface FormatOptions {
  /** The program text, to print the offending line with a caret under the span. */
  source?: string;
  /** Include the JS stack (for internal errors only; users never need it). */
  stack?: boolean;
  /** How a span's file is shown (the CLI: relative to the working directory). */
  displayFile?: (file: string) => string;
}

/**
 * Formats an error for people: `file:line:col: message`, the source line with a caret, then `hint: ...`.
 * Non-Borel errors are reported as internal errors with their message.
 */
/** The most characters of a source line an error shows. */
const MAX_SHOWN = 160;

export function formatError(e: unknown, options: FormatOptions = {}): string {
  if (!isBorelError(e)) {
    const msg = e instanceof Error ? e.message : String(e);
    const stack = options.stack && e instanceof Error && e.stack ? `\n${e.stack}` : "";
    return `internal error: ${msg}${stack}`;
  }
  const lines: string[] = [];
  const where = e.span ? `${options.displayFile ? options.displayFile(e.span.file) : e.span.file}:${e.span.line}:${e.span.col}: ` : "";
  const addr = e.address !== undefined && !e.message.includes(e.address) ? ` (at address ${e.address})` : "";
  lines.push(`${where}error: ${e.message}${addr}`);
  if (e.span && options.source !== undefined) {
    const fullLine = options.source.split(/\r\n|\r|\n/)[e.span.line - 1];
    if (fullLine !== undefined) {
      // A long line (generated code, data pasted inline) shows a window around the column, not megabytes.
      const from = fullLine.length > MAX_SHOWN ? Math.max(0, Math.min(e.span.col - 1 - MAX_SHOWN / 2, fullLine.length - MAX_SHOWN)) : 0;
      const to = Math.min(fullLine.length, from + MAX_SHOWN);
      const srcLine = `${from > 0 ? "…" : ""}${fullLine.slice(from, to)}${to < fullLine.length ? "…" : ""}`;
      const col = e.span.col - from + (from > 0 ? 1 : 0);
      const width = e.span.endLine === e.span.line ? Math.max(1, e.span.endCol - e.span.col + 1) : 1;
      const gutter = `${e.span.line} | `;
      lines.push(`${gutter}${srcLine}`);
      // The caret's indent copies the line's tabs, so it lines up however the terminal expands them.
      const indent = srcLine.slice(0, col - 1).replace(/[^\t]/g, " ");
      lines.push(`${" ".repeat(gutter.length)}${indent}${"^".repeat(Math.min(width, Math.max(1, srcLine.length - col + 1)))}`);
    }
  }
  if (e.hint) lines.push(`hint: ${e.hint}`);
  return lines.join("\n");
}

/** Throws a `BorelError` naming where a NaN arose; returns x otherwise. */
export function checkNotNaN(x: number, where: string, address?: Address | string): number {
  if (Number.isNaN(x))
    throw new BorelError("nan", `${where} produced NaN`, {
      address,
      hint: "check the parameters reaching this point for 0/0, Infinity - Infinity or log of a negative number",
    });
  return x;
}
