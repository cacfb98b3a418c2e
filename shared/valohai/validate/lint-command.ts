/**
 * Placeholders in a step's command that Valohai will leave as written. Upstream interpolates
 * every `{…}` from a `{` to the nearest `}` (`{(.+?)}`), so `{parameter-value:lr}` inside a JSON
 * object (`{"acc": {parameter-value:lr}}`) is swallowed by the outer braces, and a placeholder
 * naming no parameter stays as text, as does a look-alike (`{parameters.lr}`, `{inputs.model}`).
 * All reach the shell unchanged: warnings, not errors.
 */
import { formatParameter } from '../../run/build-command.ts';
import { shellQuote } from '../../run/python-format.ts';
import type { Finding, Fix, Subject } from '../diagnostic.ts';
import type { Parameter } from '../model/parameter.ts';
import type { Step } from '../model/step.ts';
import { quoteAt } from '../../run/shell-quotes.ts';
import { runsUnderDash } from './lint-bashisms.ts';

const INTERPOLABLE = /\{(.+?)\}/g;
const PLACEHOLDER = /\{(parameters|params|source-path|parameter:[^{}]+|parameter-value:[^{}]+)\}/g;
const WHOLE_PLACEHOLDER = new RegExp(`^${PLACEHOLDER.source}$`);

/** Whether `text` is one placeholder Valohai fills (`{parameters}`, `{parameter-value:lr}`), whole. */
export function isPlaceholder(text: string): boolean {
  return WHOLE_PLACEHOLDER.test(text);
}

export function lintCommandPlaceholders(step: Step): Finding[] {
  const subject: Subject = { kind: 'step', step: step.name };
  const names = new Set(step.parameters.map((p) => p.name));
  const findings: Finding[] = [];
  const warn = (message: string, fix?: Fix): void => {
    const finding: Finding = { severity: 'warning', code: 'command-placeholder', message: `Step "${step.name}": ${message}`, path: [...step.path, 'command'], subject };
    findings.push(fix === undefined ? finding : { ...finding, fix });
  };
  for (const line of step.command) {
    const [requirement, name, operator = '', rest = ''] = unquotedVersionSpec(line) ?? [];
    if (requirement === undefined) continue;
    const cut = operator.startsWith('>')
      ? `${name} is installed in any version, and the install's output goes to a file named "${rest}"`
      : `the install reads its input from a file named "${rest}", and fails where there is none`;
    // (Quoted where it is written quoted elsewhere would quote it twice: no fix then.)
    const whole = step.command.join('\n');
    const fix: Fix | undefined = /['"]/.test(requirement) || new RegExp(`['"][^'"\\s]*${requirement.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(whole) ? undefined : { kind: 'replace-text', label: `quote it: '${requirement}'`, path: [...step.path, 'command'], from: requirement, to: `'${requirement}'` };
    warn(`${requirement} in "${line.trim().slice(0, 80)}" is cut by the shell, which reads ${operator[0] ?? ''} as a redirection: ${cut}; quote it: '${requirement}'`, fix);
  }
  // `&>` is bash's: /bin/sh (dash in Debian's and Ubuntu's images) runs the command in the
  // background (`&`) and empties the file (`> file`), without a word.
  for (const line of runsUnderDash(step) ? step.command : []) {
    for (const found of [...line.matchAll(/&>(>?)\s*("[^"]*"|'[^']*'|[^\s;&|<>()]+)/g)].filter((m) => quoteAt(line, m.index) === undefined)) {
      const [text, append = '', target = ''] = found;
      const instead = `${append === '>' ? '>>' : '>'} ${target} 2>&1`;
      const fix: Fix = { kind: 'replace-text', label: `write ${instead}`, path: [...step.path, 'command'], from: text, to: instead };
      warn(`${text} sends both output streams to a file in bash only; the command runs under /bin/sh, which in many images (dash, in Debian's and Ubuntu's) runs it in the background, not waited for, and ${append === '>' ? 'leaves' : 'empties'} ${target}: write ${instead}`, fix);
    }
  }
  // `--conf={parameter:conf}` or `--conf {parameter:conf}`: the placeholder is the whole flag, so the
  // program gets `--conf=--conf=0.5` (or `--conf --conf=0.5`); the value alone is {parameter-value:NAME}.
  for (const line of step.command) {
    for (const found of line.matchAll(/(?<=^|\s)(-{1,2}[\w.-]+)(=|\s+)\{parameter:([^{}]+)\}/g)) {
      const [text, flag = '', joiner = '', name = ''] = found;
      const parameter = step.parameters.find((p) => p.name === name);
      if (!parameter || parameter.type === 'flag' || quoteAt(line, found.index) !== undefined) continue;
      const args = formatParameter(parameter, parameter.default ?? 'VALUE') ?? [];
      const bare = (word: string): string => word.replace(/^-+/, '').replace(/_/g, '-').toLowerCase();
      if (!args[0]?.startsWith('-') || (joiner !== '=' && bare(flag) !== bare(name))) continue;
      const instead = `${flag}${joiner}{parameter-value:${name}}`;
      warn(`${text} gives ${flag}${joiner}${args.map(shellQuote).join(' ')}: {parameter:${name}} is the whole flag, its name with its value; write ${instead} for the value alone (or {parameter:${name}} alone)`, { kind: 'replace-text', label: `write ${instead}`, path: [...step.path, 'command'], from: text, to: instead });
    }
  }
  step.command.forEach((line, i) => {
    // Items are joined with && (one shell line each), so the next item is not this one's script.
    if (/^\s*(?:\S*\/)?(?:ba|z|da)?sh\s+(?:-\w*\s+)*-\w*c\s*$/.test(line) && step.command.length > i + 1) {
      warn(`the command item "${line.trim()}" has no script to run: Valohai joins the items with && as separate commands, so the next item is not its argument; leave the shell out (each item runs in one) or put the script in the same item`);
    }
  });
  for (const line of step.command) {
    const taken = new Map<number, string>([...line.matchAll(INTERPOLABLE)].map((m) => [m.index, m[0]]));
    for (const text of new Set(taken.values())) {
      const meant = lookalike(text, step);
      if (meant === undefined) continue;
      const fix: Fix | undefined = meant.placeholder === undefined ? undefined : { kind: 'replace-text', label: `write ${meant.placeholder}`, path: [...step.path, 'command'], from: text, to: meant.placeholder };
      warn(`${text} is not a Valohai placeholder, so it stays as written; ${meant.hint}`, fix);
    }
    for (const found of line.matchAll(PLACEHOLDER)) {
      const [text, token = ''] = found;
      if (!taken.has(found.index)) {
        const outer = [...taken].find(([start, whole]) => start < found.index && start + whole.length > found.index)?.[1] ?? '';
        warn(`${text} is inside another "{…}" (${outer}), so Valohai leaves it as written; build the braces another way, e.g. printf '{"key":%s}\\n' ${text} (no space after the colon, so YAML reads the line as text unquoted)`);
        continue;
      }
      const name = token.startsWith('parameter:') || token.startsWith('parameter-value:') ? token.slice(token.indexOf(':') + 1) : undefined;
      if (name !== undefined && !names.has(name)) warn(`${text} names no parameter of this step, so it stays as written`);
    }
  }
  return findings;
}

/**
 * What a `{…}` that looks like a placeholder but is none was meant as (`{parameters.lr}`,
 * `{inputs.model}`), and the placeholder to write instead where the step has that parameter.
 */
function lookalike(text: string, step: Step): { readonly hint: string; readonly placeholder?: string } | undefined {
  // `{parameter:NAME}` is a placeholder; `{parameter.NAME}`, `{parameters:NAME}`, `{params.NAME}` are not.
  const found = /^\{(parameter|parameters|params?|inputs?|outputs?)([.:])([\w.-]+)\}$/.exec(text) ?? /^\{(parameter)(_value:)([\w.-]+)\}$/.exec(text);
  // Brackets for the colon (`{parameter[lr]}`, `{parameter-value(lr)}`): the placeholder so named, with its colon.
  const bracketed = /^\{(parameter|parameter-value)(?:\[([\w.-]+)\]|\(([\w.-]+)\))\}$/.exec(text);
  if (bracketed) {
    const [, kind = '', inSquare, inRound] = bracketed;
    const name = inSquare ?? inRound ?? '';
    if (!step.parameters.some((p) => p.name === name)) return { hint: `the step has no parameter "${name}"; placeholders take a colon: {${kind}:NAME}` };
    return { hint: `placeholders take a colon: {${kind}:${name}}`, placeholder: `{${kind}:${name}}` };
  }
  if (!found || (found[1] === 'parameter' && found[2] === ':')) return undefined;
  const [, kind = '', , name = ''] = found;
  if (kind.startsWith('param')) {
    const parameter = step.parameters.find((p) => p.name === name);
    if (parameter === undefined) return { hint: `the step has no parameter "${name}"; {parameter-value:NAME} gives a parameter's value` };
    return { hint: `{parameter-value:${name}} gives the value of parameter "${name}" ({parameter:${name}} gives it as its flag, ${flagExample(parameter)})`, placeholder: `{parameter-value:${name}}` };
  }
  if (kind.startsWith('input')) return { hint: `input "${name}"'s files are in /valohai/inputs/${name}/ ($VH_INPUTS_DIR/${name})` };
  return { hint: 'a step writes its outputs to /valohai/outputs ($VH_OUTPUTS_DIR)' };
}

/** What `{parameter:NAME}` gives with the parameter's default (`here --lr=0.1`), or its form without one. */
function flagExample(parameter: Parameter): string {
  const args = parameter.default === undefined ? undefined : formatParameter(parameter, parameter.default);
  if (args === undefined || args.length === 0) return parameter.type === 'flag' ? `--${parameter.name} when true` : `--${parameter.name}=VALUE`;
  return `here ${args.map(shellQuote).join(' ')}`;
}

/** `torch>=1.10` unquoted in a pip (or uv, conda) install: the shell reads `>` and `<` as redirections. */
function unquotedVersionSpec(line: string): [string, string, string, string] | undefined {
  if (!/\b(?:pip3?|uv pip|conda|mamba)\s+install\b/.test(line)) return undefined;
  const bare = line.replace(/'[^']*'|"[^"]*"/g, ' ');
  const found = /(?:^|\s)([A-Za-z0-9_.[\],-]+)(>=|<=|>|<)([^\s&|;<>()]+)/.exec(bare);
  return found ? [`${found[1] ?? ''}${found[2] ?? ''}${found[3] ?? ''}`, found[1] ?? '', found[2] ?? '', (found[2] === '>=' || found[2] === '<=' ? '=' : '') + (found[3] ?? '')] : undefined;
}
