/**
 * The expression rules of Borel's grammar; their actions build AST nodes through build.ts.
 */
import type { IToken } from "chevrotain";
import type * as A from "./ast.js";
import * as B from "./build.js";
import { GrammarBase, isToken, orEmpty, orHole } from "./grammar-base.js";
import * as T from "./tokens.js";

export abstract class ExpressionRules extends GrammarBase {
  /**
   * Operands joined by binary operators. Precedence (C's: `||` < `&&` < `== !=` < `< <= > >=` < `+ -` <
   * `* / %`, all left-associative) is applied by the action (build.ts): one flat rule is faster than a rule
   * per precedence level.
   */
  expression = this.RULE("expression", (): A.Expr => {
    const first = this.LA(1);
    const head = this.SUBRULE(this.operand);
    const rest: [IToken, A.Expr | undefined][] = [];
    this.MANY(() => {
      const op = this.CONSUME(T.BinaryOperator);
      rest.push([op, this.SUBRULE2(this.operand)]);
    });
    return this.ACTION(() => {
      const span = this.span(first);
      return B.binaryChain(orHole(head, span), rest.map(([op, e]) => [op, orHole(e, B.tokenSpanOf(this.cx, op, span))]));
    });
  });

  /**
   * One operand: prefix `-`/`!` (binding tighter than any binary operator), an atom, then calls `(...)`,
   * indexing `[i]` and fields `.name` (binding tighter still; `(` and `[` on the atom's line). One rule rather
   * than three (unary, postfix, primary) keeps the parse short: operands are most of a program.
   */
  operand = this.RULE("operand", (): A.Expr => {
    const prefixes: IToken[] = [];
    this.MANY(() => {
      prefixes.push(this.OR(this.once("prefix", () => [{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Bang) }])));
    });
    const atomFirst = this.LA(1);
    const atom = this.OR2(this.once("atom", () => [
      { ALT: () => this.CONSUME(T.NumberLit) as IToken | A.Expr },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.arrayLit) },
      { ALT: () => this.SUBRULE(this.recordLit) },
      { ALT: () => this.SUBRULE(this.lambda) },
      { ALT: () => this.SUBRULE(this.ifExpr) },
    ]));
    const suffixes: [unknown, IToken][] = [];
    this.MANY2(this.gated(this.postfixGate, () => {
      const sfx = this.OR3(this.once("suffix", () => [
        { ALT: () => this.SUBRULE(this.callArgs) as unknown },
        { ALT: () => this.SUBRULE(this.indexSuffix) },
        { ALT: () => this.SUBRULE(this.memberSuffix) },
      ]));
      suffixes.push([sfx, this.LA(0)]);
    }));
    return this.ACTION(() => {
      const atomSpan = this.span(atomFirst);
      const a = isToken(atom) ? this.literal(atom, atomSpan) : orHole(atom, atomSpan);
      const sfx: B.Suffix[] = [];
      for (const [x, end] of suffixes) {
        if (Array.isArray(x)) sfx.push({ kind: "call", args: x as A.Arg[], end });
        else if (x !== undefined) sfx.push({ ...(x as B.Suffix), end } as B.Suffix);
      }
      return B.operand(this.cx, prefixes.filter((t) => B.real(t)), a, sfx);
    });
  });

  callArgs = this.RULE("callArgs", (): A.Arg[] => {
    const args: (A.Arg | undefined)[] = [];
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      args.push(this.SUBRULE(this.argument));
      this.listTail(T.RParen, () => args.push(this.SUBRULE2(this.argument)));
    });
    this.CONSUME(T.RParen);
    return this.ACTION(() => args.filter((a): a is A.Arg => a !== undefined));
  });

  /** A positional argument or a named one, `shape: 8`. */
  argument = this.RULE("argument", (): A.Arg => {
    const first = this.LA(1);
    let name: IToken | undefined;
    this.OPTION(() => {
      name = this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
    });
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Arg", name: B.real(name)?.image ?? null, value: orHole(value, span), span };
    });
  });

  indexSuffix = this.RULE("indexSuffix", (): B.Suffix => {
    const first = this.CONSUME(T.LBracket);
    const index = this.SUBRULE(this.expression);
    this.CONSUME(T.RBracket);
    return this.ACTION(() => ({ kind: "index", index: orHole(index, this.span(first)), end: this.LA(0) }));
  });

  memberSuffix = this.RULE("memberSuffix", (): B.Suffix => {
    this.CONSUME(T.Dot);
    const name = this.CONSUME(T.Identifier);
    return this.ACTION(() => ({ kind: "member", name, end: this.LA(0) }));
  });

  parenExpr = this.RULE("parenExpr", (): A.Expr => {
    const first = this.CONSUME(T.LParen);
    const inner = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    return this.ACTION(() => orHole(inner, this.span(first)));
  });

  arrayLit = this.RULE("arrayLit", (): A.ArrayExpr => {
    const first = this.CONSUME(T.LBracket);
    const elements: (A.Expr | undefined)[] = [];
    this.OPTION(() => {
      elements.push(this.SUBRULE(this.expression));
      this.listTail(T.RBracket, () => elements.push(this.SUBRULE2(this.expression)));
    });
    this.CONSUME(T.RBracket);
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Array", elements: elements.map((e) => orHole(e, span)), span };
    });
  });

  recordLit = this.RULE("recordLit", (): A.RecordExpr => {
    const first = this.CONSUME(T.LCurly);
    const fields: (A.RecordField | undefined)[] = [];
    this.OPTION(() => {
      fields.push(this.SUBRULE(this.field));
      this.listTail(T.RCurly, () => fields.push(this.SUBRULE2(this.field)));
    });
    this.CONSUME(T.RCurly);
    return this.ACTION(() => ({ kind: "Record", fields: fields.filter((f): f is A.RecordField => f !== undefined), span: this.span(first) }));
  });

  /** `name: value` or `"x/3": value` (a quoted key, e.g. an address in `given`). */
  field = this.RULE("field", (): A.RecordField => {
    const key = this.OR(this.once("field", () => [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.StringLit) }]));
    this.CONSUME(T.Colon);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const span = this.span(key);
      const k = B.real(key);
      return { kind: "Field", key: !k ? "" : k.tokenType === T.StringLit ? B.stringValue(k.image) : k.image, value: orHole(value, span), span };
    });
  });

  /** `fn(x, y) { ... }` or `fn(x) => e`. */
  lambda = this.RULE("lambda", (): A.LambdaExpr => {
    const first = this.CONSUME(T.Fn);
    const params = this.SUBRULE(this.paramList);
    const body = this.OR(this.once("lambda", () => [
      { ALT: () => this.SUBRULE(this.block) as A.Block | A.Expr },
      {
        ALT: () => {
          this.CONSUME(T.Arrow);
          return this.SUBRULE(this.expression);
        },
      },
    ]));
    return this.ACTION(() => {
      const span = this.span(first);
      return { kind: "Lambda", params: params ?? [], body: body ?? B.placeholder(span), span };
    });
  });

  /** `if c { ... } else { ... }` as a value: the `else` is required. */
  ifExpr = this.RULE("ifExpr", (): A.IfExpr => {
    const first = this.CONSUME(T.If);
    const cond = this.SUBRULE(this.expression);
    const then = this.SUBRULE(this.block);
    this.CONSUME(T.Else);
    const otherwise = this.OR(this.once("ifExpr", () => [{ ALT: () => this.SUBRULE(this.ifExpr) as A.Block | A.IfExpr }, { ALT: () => this.SUBRULE2(this.block) }]));
    return this.ACTION(() => {
      const span = this.span(first);
      const other = otherwise ?? orEmpty(undefined, span);
      return { kind: "IfExpr", cond: orHole(cond, span), then: B.valueBlock(orEmpty(then, span)), else: other.kind === "Block" ? B.valueBlock(other) : other, span };
    });
  });
}
