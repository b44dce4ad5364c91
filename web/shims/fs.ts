// node:fs in the browser bundle: a read-only file system over the files web/build.mjs embeds (stdlib,
// example programs and their data) under /borel/. Writes fail with a clear message.
import { files } from "virtual:borel-files";

function notFound(path: string, syscall: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${path}' (the playground has only the stdlib and examples/data)`), { code: "ENOENT", path, syscall });
}
const isDir = (p: string) => { const d = p.endsWith("/") ? p : `${p}/`; return Object.keys(files).some((f) => f.startsWith(d)); };

export function readFileSync(path: string | URL, _enc?: unknown): string {
  const p = String(path instanceof URL ? path.pathname : path);
  const text = files[p];
  if (text === undefined) throw notFound(p, "open");
  return text;
}
export function existsSync(path: string): boolean { return files[path] !== undefined || isDir(path); }
export function realpathSync(path: string): string {
  if (!existsSync(path)) throw notFound(path, "realpath");
  return path;
}
export function statSync(path: string): { isDirectory(): boolean; isFile(): boolean; mtimeMs: number; size: number } {
  if (!existsSync(path)) throw notFound(path, "stat");
  const dir = files[path] === undefined;
  return { isDirectory: () => dir, isFile: () => !dir, mtimeMs: 0, size: dir ? 0 : files[path]!.length };
}
function readOnly(): never { throw new Error("the playground cannot write files"); }
export const writeFileSync = readOnly, renameSync = readOnly, mkdirSync = readOnly;
export default { readFileSync, existsSync, realpathSync, statSync, writeFileSync, renameSync, mkdirSync };
