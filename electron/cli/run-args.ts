/** `--param k=v`, `--param k+=v` and `--node-param node.k=v` into plan options. */
import { isAbsolute, relative, resolve } from 'node:path';
import type { PlanOptions } from '../../shared/run/plan.ts';

function localPath(value: string, cwd: string, projectDir: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value; // a URL
  const absolute = resolve(cwd, value);
  const inside = relative(projectDir, absolute);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : absolute;
}

export type ParsedParams = { readonly ok: true; readonly options: PlanOptions } | { readonly ok: false; readonly message: string };

function split(text: string, flag: string): { key: string; value: string; append: boolean } | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `${flag} takes NAME=VALUE (got "${text}")`;
  const append = text[eq - 1] === '+';
  return { key: text.slice(0, append ? eq - 1 : eq), value: text.slice(eq + 1), append };
}

/**
 * `--node-input` paths are read from where the command was typed: made absolute against `cwd`, and
 * then relative to the project when inside it (as the file's own defaults are).
 */
export function parseParams(params: readonly string[], nodeParams: readonly string[], nodeInputs: readonly string[] = [], places?: { readonly cwd: string; readonly projectDir: string }): ParsedParams {
  const pipelineParams: Record<string, string[]> = {};
  const byNode: Record<string, Record<string, string[]>> = {};
  const inputs: Record<string, Record<string, string[]>> = {};
  const put = (target: Record<string, string[]>, key: string, value: string, append: boolean): void => {
    target[key] = append ? [...(target[key] ?? []), value] : [value];
  };
  for (const text of params) {
    const parsed = split(text, '--param');
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    put(pipelineParams, parsed.key, parsed.value, parsed.append);
  }
  for (const text of nodeParams) {
    const parsed = split(text, '--node-param');
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    const dot = parsed.key.indexOf('.');
    if (dot <= 0) return { ok: false, message: `--node-param takes NODE.NAME=VALUE (got "${text}")` };
    const node = parsed.key.slice(0, dot);
    byNode[node] ??= {};
    put(byNode[node], parsed.key.slice(dot + 1), parsed.value, parsed.append);
  }
  for (const text of nodeInputs) {
    const parsed = split(text, '--node-input');
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    const dot = parsed.key.indexOf('.');
    if (dot <= 0) return { ok: false, message: `--node-input takes NODE.INPUT=URL (got "${text}")` };
    const node = parsed.key.slice(0, dot);
    inputs[node] ??= {};
    put(inputs[node], parsed.key.slice(dot + 1), places ? localPath(parsed.value, places.cwd, places.projectDir) : parsed.value, parsed.append);
  }
  return { ok: true, options: { pipelineParams, nodeParams: byNode, ...(nodeInputs.length > 0 ? { nodeInputs: inputs } : {}) } };
}
