/** The expressions of `if:` conditions and `stop-condition`: a small, safe Python-like subset. */
export type Expr =
  | { readonly kind: 'literal'; readonly value: number | string | boolean | null }
  | { readonly kind: 'name'; readonly path: readonly string[] }
  | { readonly kind: 'unary'; readonly op: 'not' | '-'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'compare'; readonly first: Expr; readonly rest: readonly { op: CompareOp; right: Expr }[] };

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryOp = 'and' | 'or' | '+' | '-' | '*' | '/' | '%';

export type ParseResult =
  | { readonly ok: true; readonly expr: Expr }
  | { readonly ok: false; readonly message: string; readonly offset: number };
