/** `--param k=v`, `--param k+=v` and `--node-param node.k=v` into plan options. */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { PlanOptions } from '../../shared/run/plan.ts';

function localPath(value: string, cwd: string, projectDir: string): string {
  if (value === '' || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value; // no files, or a URL
  const absolute = resolve(cwd, value);
  // Not here but in the project (a file named as the valohai.yaml names its defaults, from the project folder): that one.
  if (!existsSync(absolute) && !isAbsolute(value) && existsSync(resolve(projectDir, value))) return value;
  const inside = relative(projectDir, absolute);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : absolute;
}

export type ParsedParams = { readonly ok: true; readonly options: PlanOptions } | { readonly ok: false; readonly message: string };

function split(text: string, flag: string, shape = 'NAME=VALUE'): { key: string; value: string; append: boolean } | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `${flag} takes ${shape} (got "${text}")`;
  const append = text[eq - 1] === '+';
  return { key: text.slice(0, append ? eq - 1 : eq), value: text.slice(eq + 1), append };
}

type PerNode = Record<string, Record<string, string[]>>;

const put = (target: Record<string, string[]>, key: string, value: string, append: boolean): void => {
  target[key] = append ? [...(target[key] ?? []), value] : [value];
};

/** `NODE.NAME=VALUE` flags into node → name → values; a message when one is not of that shape. */
function perNode(texts: readonly string[], flag: string, shape: string, value: (text: string) => string = (v) => v): PerNode | string {
  const out: PerNode = {};
  for (const text of texts) {
    const parsed = split(text, flag, shape);
    if (typeof parsed === 'string') return parsed;
    const dot = parsed.key.indexOf('.');
    if (dot <= 0) return `${flag} takes ${shape} (got "${text}")`;
    const node = parsed.key.slice(0, dot);
    put((out[node] ??= {}), parsed.key.slice(dot + 1), value(parsed.value), parsed.append);
  }
  return out;
}

/**
 * `--node-input` paths are read from where the command was typed: made absolute against `cwd`, and
 * then relative to the project when inside it (as the file's own defaults are).
 */
export function parseParams(params: readonly string[], nodeParams: readonly string[], nodeInputs: readonly string[] = [], places?: { readonly cwd: string; readonly projectDir: string }): ParsedParams {
  const pipelineParams: Record<string, string[]> = {};
  for (const text of params) {
    const parsed = split(text, '--param');
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    put(pipelineParams, parsed.key, parsed.value, parsed.append);
  }
  const byNode = perNode(nodeParams, '--node-param', 'NODE.NAME=VALUE');
  if (typeof byNode === 'string') return { ok: false, message: byNode };
  const inputs = perNode(nodeInputs, '--node-input', 'NODE.INPUT=URL', (v) => (places ? localPath(v, places.cwd, places.projectDir) : v));
  if (typeof inputs === 'string') return { ok: false, message: inputs };
  return { ok: true, options: { pipelineParams, nodeParams: byNode, ...(nodeInputs.length > 0 ? { nodeInputs: inputs } : {}) } };
}
