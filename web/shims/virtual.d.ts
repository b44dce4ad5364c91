// Modules web/build.mjs generates at build time.
declare module "virtual:borel-files" {
  /** Embedded files by absolute path (/borel/stdlib/..., /borel/examples/...). */
  export const files: Record<string, string>;
}
declare module "virtual:borel-examples" {
  /** The example programs of the playground's menu. */
  export const examples: { name: string; title: string; source: string }[];
}
