/**
 * Keywords of other languages a Borel user may type (`while`, `function`, `const`, `elif`, ...), with the Borel
 * way to write what they mean: the syntax errors of a statement that starts with one name the word and say so.
 *
 * @example
 * ```ts
 * FOREIGN_KEYWORDS.while;   // "Borel has no while loop: ..."
 * ```
 */
export const FOREIGN_KEYWORDS: Record<string, string> = {
  while: "Borel has no while loop: loop over a range, `for i in 0..n { ... }` (skip the rest with if), or recurse in a fn",
  loop: "Borel loops are `for i in 0..n { ... }` or `for x in xs { ... }`",
  do: "Borel loops are `for i in 0..n { ... }` or `for x in xs { ... }`",
  until: "Borel loops are `for i in 0..n { ... }`, or recursion in a fn",
  repeat: "Borel loops are `for i in 0..n { ... }`",
  function: "functions are declared `fn name(params) { ... }`",
  def: "functions are declared `fn name(params) { ... }`",
  const: "an immutable value is `let x = ...` (`var x = ...` for one that changes)",
  elif: "write `else if`",
  switch: "choose with `if c { ... } else if d { ... } else { ... }`",
  match: "choose with `if c { ... } else if d { ... } else { ... }`",
};

