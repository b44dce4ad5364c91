/**
 * Static checks of file paths written as literals: `load("data/x.json")` and relative imports must stay
 * inside the program's folder tree — no absolute paths, no `..` above the folder, and (when the file exists)
 * no symlink leading out of it. The run-time loader enforces the same rule; this catches it before running.
 *
 * @example
 * ```ts
 * pathOutside("../secrets.json", "/home/me/proj");   // "'../secrets.json' leaves the program's folder"
 * ```
 */
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, posix, relative, resolve, sep } from "node:path";

/** Why `path` is outside the folder `dir` (undefined when it is inside; dir unknown: lexical check only). */
export function pathOutside(path: string, dir: string | undefined): string | undefined {
  if (path.includes("\0")) return `'${path}' contains a NUL character`;
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\") || path.startsWith("~"))
    return `'${path}' is an absolute path`;
  const norm = posix.normalize(path.replace(/\\/g, "/"));
  if (norm === ".." || norm.startsWith("../")) return `'${path}' leaves the program's folder`;
  if (dir === undefined) return undefined;
  const full = resolve(dir, path);
  if (!existsSync(full)) return undefined;
  try {
    const realDir = realpathSync(dir);
    const real = realpathSync(full);
    const rel = relative(realDir, real);
    if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return `'${path}' resolves (through a symbolic link) to ${real}, outside the program's folder`;
  } catch {
    return undefined;
  }
  return undefined;
}
