export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly offset: number }
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  | { readonly kind: 'name'; readonly value: string; readonly offset: number }
  | { readonly kind: 'op'; readonly value: string; readonly offset: number }
  | { readonly kind: 'end'; readonly offset: number };

export type TokenizeResult =
  | { readonly ok: true; readonly tokens: Token[] }
  | { readonly ok: false; readonly message: string; readonly offset: number };

const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '<', '>', '(', ')', '+', '-', '*', '/', '%', '.', '!'];

export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number && !(c === '.' && tokens.at(-1)?.kind === 'name')) {
      tokens.push({ kind: 'number', value: Number(number[0]), offset: i });
      i += number[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return { ok: false, message: 'unterminated string literal', offset: i };
      tokens.push({ kind: 'string', value: text.slice(i + 1, close), offset: i });
      i = close + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i));
    if (word) {
      // A trailing `-` belongs to an operator (`a -1`), not to the name.
      const value = word[0].replace(/-+$/, '');
      tokens.push({ kind: 'name', value, offset: i });
      i += value.length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) return { ok: false, message: `unexpected character '${c}'`, offset: i };
    tokens.push({ kind: 'op', value: op, offset: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', offset: text.length });
  return { ok: true, tokens };
}
