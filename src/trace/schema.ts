/**
 * What a compiler knows about a model's addresses, so inference can plan without running it
 * (DESIGN.md: "what the compiler knows reaches inference through schema()").
 */
import type { Support } from "../dist/support.js";

export interface AddressPattern {
  /** Key with "*" for indexed parts: "x/*", "z/*\/mu". */
  pattern: string;
  discrete: boolean;
  /** Support when known statically. */
  support?: Support;
  /** True for observation points (observe / given). */
  observed: boolean;
  /** Distribution name when known ("normal"). */
  dist?: string;
}

export interface ModelSchema {
  addresses: AddressPattern[];
  /** True when the set of addresses does not depend on random choices. */
  staticStructure: boolean;
}

/** True when `key` matches `pattern` ("*" matches one numeric part; a trailing sub-model matches everything under it). */
export function matchesPattern(key: string, pattern: string): boolean {
  const kp = key.split("/"), pp = pattern.split("/");
  if (kp.length < pp.length) return false;
  for (let i = 0; i < pp.length; i++) {
    if (pp[i] === "**") return true;
    if (pp[i] === "*" ? !/^\d+$/.test(kp[i]) : pp[i] !== kp[i]) return false;
  }
  return kp.length === pp.length;
}

/** True when the schema allows `key` (a constraint or selection key). */
export function schemaAllows(schema: ModelSchema, key: string): boolean {
  return schema.addresses.some((a) => matchesPattern(key, a.pattern) || key.startsWith(a.pattern.replace(/\/\*\*$/, "") + "/") && a.pattern.endsWith("/**"));
}

/**
 * True when `key` is an address the schema allows or a prefix of one (a selection such as "z" for the choices
 * z/0, z/1, … of a loop, or a sub-model's address).
 */
export function schemaCovers(schema: ModelSchema, key: string): boolean {
  if (schemaAllows(schema, key)) return true;
  const depth = key.split("/").length;
  // A prefix of an address: the key matches the pattern cut to the key's length.
  return schema.addresses.some((a) => {
    const pp = a.pattern.split("/");
    return depth < pp.length && matchesPattern(key, pp.slice(0, depth).join("/"));
  });
}
