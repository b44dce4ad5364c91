// node:module in the browser bundle: there is no require.
export function createRequire(): (id: string) => never {
  return (id: string) => { throw new Error(`require('${id}') is not available in the browser playground`); };
}
export default { createRequire };
