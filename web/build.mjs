#!/usr/bin/env node
// Builds the browser playground into web/dist/: index.html and style.css, main.js (the page, web/src/) and
// worker.js (the inference worker, src/web/worker.ts), both ES modules bundled by esbuild.
//   npm run build:web            (or: node web/build.mjs [--dev] for unminified output)
//
// The worker bundles the language, the inference methods and the plots. Node-only modules never enter the
// bundles: node:fs, node:path, node:url, node:os, node:worker_threads and node:module resolve to the small
// shims in web/shims/ (a read-only file system holding the stdlib and the examples' data under /borel/),
// linkedom to a stub (the page draws plots on its own document), and each source file's import.meta.url
// becomes file:///borel/<its path> so that paths computed from it (the stdlib folder) land in that file
// system. Nothing in src/ changes for the browser.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const web = dirname(fileURLToPath(import.meta.url));
const root = join(web, "..");
const out = join(web, "dist");
const posix = (p) => p.split(sep).join("/");

function walk(dir, keep) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...walk(p, keep));
    else if (keep(p)) found.push(p);
  }
  return found;
}

/** The embedded file system: stdlib, example programs and their data, under /borel/. */
function embeddedFiles() {
  const files = {};
  const add = (p) => { files[`/borel/${posix(relative(root, p))}`] = readFileSync(p, "utf8"); };
  walk(join(root, "stdlib"), (p) => p.endsWith(".borel")).forEach(add);
  walk(join(root, "examples", "data"), (p) => p.endsWith(".json")).forEach(add);
  readdirSync(join(root, "examples")).filter((f) => f.endsWith(".borel")).forEach((f) => add(join(root, "examples", f)));
  return files;
}

/** The menu: examples/*.borel, then the playground's own (web/examples/). */
function examples() {
  const list = [];
  const from = (dir) => readdirSync(dir).filter((f) => f.endsWith(".borel")).sort().map((f) => {
    const source = readFileSync(join(dir, f), "utf8");
    const first = source.split("\n").find((l) => l.startsWith("//") && !l.includes(".borel")) ?? "";
    return { name: f.replace(/\.borel$/, ""), title: first.replace(/^\/\/\s*/, "").slice(0, 90), source };
  });
  const main = from(join(root, "examples"));
  const coin = main.findIndex((e) => e.name === "coin");
  if (coin > 0) main.unshift(...main.splice(coin, 1));
  list.push(...main, ...from(join(web, "examples")));
  return list;
}

const NODE_SHIMS = ["fs", "path", "url", "os", "worker_threads", "module"];

const browserShims = {
  name: "borel-browser-shims",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(node:)?(${NODE_SHIMS.join("|")})$`) }, (a) => ({ path: join(web, "shims", `${a.path.replace(/^node:/, "")}.ts`) }));
    b.onResolve({ filter: /^linkedom$/ }, () => ({ path: join(web, "shims", "linkedom.ts") }));
    b.onResolve({ filter: /^virtual:borel-/ }, (a) => ({ path: a.path, namespace: "borel-virtual" }));
    b.onLoad({ filter: /.*/, namespace: "borel-virtual" }, (a) => ({
      contents: a.path === "virtual:borel-files" ? `export const files = ${JSON.stringify(embeddedFiles())};` : `export const examples = ${JSON.stringify(examples())};`,
      loader: "js",
    }));
    // import.meta.url of a source file → its URL in the embedded file system.
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (a) => {
      if (!a.path.startsWith(join(root, "src") + sep)) return undefined;
      const text = readFileSync(a.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      return { contents: text.replaceAll("import.meta.url", JSON.stringify(`file:///borel/${posix(relative(root, a.path))}`)), loader: "ts" };
    });
  },
};

export async function buildWeb({ dev = false } = {}) {
  mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  const result = await build({
    entryPoints: { main: join(web, "src", "main.ts"), worker: join(root, "src", "web", "worker.ts") },
    outdir: out, bundle: true, format: "esm", platform: "browser", target: "es2022", minify: !dev, sourcemap: dev ? "inline" : false,
    metafile: true, plugins: [browserShims], logLevel: "warning", legalComments: "none",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  for (const f of ["index.html", "style.css"]) copyFileSync(join(web, f), join(out, f));
  const sizes = Object.fromEntries(Object.entries(result.metafile.outputs).map(([f, o]) => [posix(relative(root, f)), o.bytes]));
  return { ms: performance.now() - t0, sizes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  const { ms, sizes } = await buildWeb({ dev: process.argv.includes("--dev") });
  console.error(`web: built ${Object.entries(sizes).map(([f, n]) => `${f} (${(n / 1024).toFixed(0)} KiB)`).join(", ")} in ${ms.toFixed(0)} ms`);
}
