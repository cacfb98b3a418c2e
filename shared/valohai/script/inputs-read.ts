/**
 * The inputs a Python script reads, as Valohai code reads them: under `/valohai/inputs/NAME/`
 * written out, under `$VH_INPUTS_DIR` joined with NAME (`os.path.join(inputs, "dataset", …)`,
 * `Path(inputs) / "dataset"`, where `inputs` holds `os.environ.get("VH_INPUTS_DIR", …)`), or by
 * valohai-utils' `valohai.inputs("NAME")`. Read from the text, never run: what is built at run
 * time from other values is not seen.
 */
import { pythonCalls, tokenize, type Literal, type Token } from './python-calls.ts';
import { ITEM_NAME } from './script-literals.ts';

const ROOT_WORDS = ['VH_INPUTS_DIR', '/valohai/inputs'];
const WRITTEN = /\/valohai\/inputs\/([A-Za-z_][A-Za-z0-9_-]*)/g;

/** Whether a value names the inputs folder: the variable, the path, or something holding either. */
function namesRoot(value: Literal | undefined, roots: ReadonlySet<string>): boolean {
  if (value === undefined) return false;
  if (value.kind === 'string') return ROOT_WORDS.some((w) => value.value === w || value.value === `${w}/`);
  if (value.kind === 'name') return roots.has(value.name);
  if (value.kind === 'other') return value.strings.some((s) => ROOT_WORDS.includes(s));
  if (value.kind === 'call') return value.args.some((a) => namesRoot(a.value, roots));
  return false;
}

/** The first folder of a path under the inputs folder: `dataset` of `dataset/train.csv`. */
function firstPart(path: string): string | undefined {
  const part = path.replace(/^\/+/, '').split('/')[0] ?? '';
  return ITEM_NAME.test(part) ? part : undefined;
}

/** `tokens`: the script's, where they are read already. */
export function inputsRead(source: string, tokens: readonly Token[] = tokenize(source)): { readonly name: string; readonly line: number }[] {
  const found = new Map<string, number>();
  const saw = (name: string | undefined, line: number): void => {
    if (name !== undefined && !found.has(name)) found.set(name, line);
  };
  // Names assigned something that names the inputs folder: `inputs = os.environ.get("VH_INPUTS_DIR", "inputs")`.
  const roots = new Set<string>();
  tokens.forEach((token, i) => {
    // (An f-string's text too: f"/valohai/inputs/images/{name}" reads the input images.)
    if (token.kind === 'string') for (const m of token.value.matchAll(WRITTEN)) saw(m[1], token.line);
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (token.kind !== 'name' || next?.kind !== 'op' || next.text !== '=' || (after?.kind === 'op' && after.text === '=')) return;
    let depth = 0;
    for (let j = i + 2; j < tokens.length; j += 1) {
      const t = tokens[j] as (typeof tokens)[number];
      if (t.line !== token.line && depth === 0) break;
      if (t.kind === 'op' && '([{'.includes(t.text)) depth += 1;
      if (t.kind === 'op' && ')]}'.includes(t.text)) depth -= 1;
      if (t.kind === 'string' && ROOT_WORDS.includes(t.value)) roots.add(token.text);
    }
  });
  // `Path(inputs) / "dataset"`, `inputs / "dataset"`: a root, then a slash and a string.
  tokens.forEach((token, i) => {
    const slash = tokens[i + 1];
    const part = tokens[i + 2];
    if (slash?.kind !== 'op' || slash.text !== '/' || part?.kind !== 'string') return;
    const rootHere = (token.kind === 'name' && roots.has(token.text)) || (token.kind === 'op' && token.text === ')' && [tokens[i - 1], tokens[i - 2]].some((t) => t?.kind === 'name' && roots.has(t.text)));
    if (rootHere) saw(firstPart(part.value), part.line);
  });
  for (const call of pythonCalls(tokens, (callee) => callee.endsWith('path.join') || callee.endsWith('valohai.inputs'))) {
    const [first, second] = call.args;
    if (call.callee.endsWith('valohai.inputs')) {
      if (first?.value.kind === 'string') saw(firstPart(first.value.value), call.line);
    } else if (namesRoot(first?.value, roots) && second?.value.kind === 'string') saw(firstPart(second.value.value), call.line);
  }
  return [...found].map(([name, line]) => ({ name, line }));
}
