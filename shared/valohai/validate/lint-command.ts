/**
 * Placeholders in a step's command that Valohai will leave as written. Upstream interpolates
 * every `{…}` from a `{` to the nearest `}` (`{(.+?)}`), so `{parameter-value:lr}` inside a JSON
 * object (`{"acc": {parameter-value:lr}}`) is swallowed by the outer braces, and a placeholder
 * naming no parameter stays as text. Both reach the shell unchanged: warnings, not errors.
 */
import type { Finding, Subject } from '../diagnostic.ts';
import type { Step } from '../model/step.ts';

const INTERPOLABLE = /\{(.+?)\}/g;
const PLACEHOLDER = /\{(parameters|params|source-path|parameter:[^{}]+|parameter-value:[^{}]+)\}/g;

export function lintCommandPlaceholders(step: Step): Finding[] {
  const subject: Subject = { kind: 'step', step: step.name };
  const names = new Set(step.parameters.map((p) => p.name));
  const findings: Finding[] = [];
  const warn = (message: string): void => {
    findings.push({ severity: 'warning', code: 'command-placeholder', message: `Step "${step.name}": ${message}`, path: [...step.path, 'command'], subject });
  };
  for (const line of step.command) {
    const taken = new Map<number, string>([...line.matchAll(INTERPOLABLE)].map((m) => [m.index, m[0]]));
    for (const found of line.matchAll(PLACEHOLDER)) {
      const [text, token = ''] = found;
      if (!taken.has(found.index)) {
        const outer = [...taken].find(([start, whole]) => start < found.index && start + whole.length > found.index)?.[1] ?? '';
        warn(`${text} is inside another "{…}" (${outer}), so Valohai leaves it as written; build the braces another way, e.g. printf '{"key": %s}\\n' ${text}`);
        continue;
      }
      const name = token.startsWith('parameter:') || token.startsWith('parameter-value:') ? token.slice(token.indexOf(':') + 1) : undefined;
      if (name !== undefined && !names.has(name)) warn(`${text} names no parameter of this step, so it stays as written`);
    }
  }
  return findings;
}
