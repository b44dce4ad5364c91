/**
 * Kernels from their query form: a `KernelSpec` (`{kernel: "cycle", args: [{kernel: "gibbs", args: ["z"]},
 * {kernel: "rw", args: ["mu"]}], options: {}}`) is built through the registry, so that a Borel query, a
 * worker thread and a saved run can name a kernel without a closure; a `ModuleRef` names an exported kernel, or
 * a factory export called with the reference's `factoryArgs`.
 *
 * @example
 * ```ts
 * const k = buildKernel(model, { kernel: "rw", args: ["mu"], options: { scale: 0.5 } }, firstTrace);
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";
import { getKernel, kernelNames, resolveOptions, type KernelSpec } from "../registry.js";
import type { AnyKernel } from "../kernels/adaptive.js";
import { isAdaptive } from "../kernel.js";
import { isKernelSpec, isModuleRef, type KernelInput, type ModuleRef } from "./options.js";

/** Builds a kernel from its spec for `model`, given the chain's first trace. */
export function buildKernel(model: GenerativeFunction, spec: KernelSpec, trace: Trace): AnyKernel {
  const f = getKernel(spec.kernel);
  if (!f) throw new BorelError("unknown-kernel", `unknown MCMC kernel '${spec.kernel}'`, { hint: `kernels: ${kernelNames().join(", ")}` });
  resolveOptions(spec.kernel, f.options, spec.options ?? {});
  return f.build(model, { ...spec, options: spec.options ?? {} }, trace) as AnyKernel;
}

/** A nested argument of a combinator spec as a kernel. */
export function kernelArg(model: GenerativeFunction, arg: unknown, trace: Trace, owner: string): AnyKernel {
  if (isKernelSpec(arg)) return buildKernel(model, arg, trace);
  if (typeof arg === "function" || (typeof arg === "object" && arg !== null && typeof (arg as { kernel?: unknown }).kernel === "function")) return arg as AnyKernel;
  throw new BorelError("bad-kernel", `${owner}: expected a kernel, got ${JSON.stringify(arg)}`, { hint: `e.g. ${owner}(mh("x"), rw("y"))` });
}

/** Loads a module export (a kernel, a model, or a factory called with `factoryArgs` and `extra`). */
export async function loadExport(ref: ModuleRef, ...extra: unknown[]): Promise<unknown> {
  const url = ref.module.startsWith("file:") ? ref.module : new URL(`file://${ref.module.startsWith("/") ? "" : process.cwd() + "/"}${ref.module}`).href;
  let mod: Record<string, unknown>;
  try { mod = await import(url); } catch (e) {
    throw new BorelError("module-not-found", `cannot load the module '${ref.module}': ${(e as Error).message}`, { cause: e, hint: "give an absolute path or a file URL to a .ts or .js module" });
  }
  const name = ref.export ?? "default";
  if (!(name in mod)) throw new BorelError("no-export", `the module '${ref.module}' has no export '${name}'`, { hint: `exports: ${Object.keys(mod).join(", ")}` });
  const v = mod[name];
  return ref.factoryArgs !== undefined && typeof v === "function" ? (v as (...a: unknown[]) => unknown)(...ref.factoryArgs, ...extra) : v;
}

/** A resolver from the chain's first trace to its kernel, for a kernel in any synchronous form. */
export function kernelResolver(model: GenerativeFunction, kernel: KernelInput, loaded?: unknown): (first: Trace) => AnyKernel {
  if (isKernelSpec(kernel)) return (t) => buildKernel(model, kernel, t);
  if (isModuleRef(kernel)) {
    if (loaded === undefined) throw new BorelError("async-kernel", "a kernel given as a module must be loaded first", { hint: "use mcmcAsync, or import the kernel and pass it" });
    return () => loaded as AnyKernel;
  }
  if (typeof kernel !== "function" && !isAdaptive(kernel))
    throw new BorelError("bad-kernel", `mcmc: the kernel must be a kernel function, an adaptive kernel or a kernel spec, got ${kernel === null ? "null" : typeof kernel === "string" ? `the string '${kernel}'` : typeof kernel}`, {
      hint: "e.g. mhKernel(\"mu\"), nutsKernel(), cycle(nutsKernel(), gibbsKernel(\"z\")), or a spec {kernel: \"mh\", args: [\"mu\"]}",
    });
  return () => kernel as AnyKernel;
}
