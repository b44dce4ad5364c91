// node:path in the browser bundle: POSIX paths, the working directory is "/".
export const sep = "/";
export const delimiter = ":";
export function isAbsolute(p: string): boolean { return p.startsWith("/"); }
function normalizeParts(parts: string[]): string[] {
  const out: string[] = [];
  for (const s of parts) {
    if (s === "" || s === ".") continue;
    if (s === "..") out.pop(); else out.push(s);
  }
  return out;
}
export function resolve(...ps: string[]): string {
  let acc = "";
  for (const p of ps) acc = isAbsolute(p) ? p : `${acc}/${p}`;
  return `/${normalizeParts(acc.split("/")).join("/")}`;
}
export function normalize(p: string): string { return (isAbsolute(p) ? "/" : "") + normalizeParts(p.split("/")).join("/"); }
export function join(...ps: string[]): string { return normalize(ps.filter((p) => p !== "").join("/")) || "."; }
export function dirname(p: string): string { const i = p.replace(/\/+$/, "").lastIndexOf("/"); return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i); }
export function basename(p: string, ext?: string): string { const b = p.replace(/\/+$/, "").split("/").pop() ?? ""; return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b; }
export function extname(p: string): string { const b = basename(p); const i = b.lastIndexOf("."); return i > 0 ? b.slice(i) : ""; }
export function relative(from: string, to: string): string {
  const a = resolve(from).split("/").filter(Boolean), b = resolve(to).split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}
export const posix = { sep, delimiter, isAbsolute, resolve, normalize, join, dirname, basename, extname, relative };
export default posix;
