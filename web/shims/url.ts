// node:url in the browser bundle: file URLs of the embedded file system (web/build.mjs rewrites each
// source file's import.meta.url to file:///borel/<its path>).
export function fileURLToPath(u: string | URL): string { return decodeURIComponent(new URL(String(u)).pathname); }
export function pathToFileURL(p: string): URL { return new URL(`file://${p}`); }
export default { fileURLToPath, pathToFileURL };
