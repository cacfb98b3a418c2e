/**
 * A step's command that reads a parameter as a shell variable (`--model $whisper_model_name`),
 * as one would in a shell script: nothing sets such a variable (a parameter reaches the command
 * only through `{parameter-value:NAME}`, `{parameter:NAME}` or `{parameters}`; the step's
 * `environment-variables` are what is set), so the shell expands it to nothing and the program
 * gets its own default, or fails, without a word. A warning, with the placeholder as its fix.
 */
import { quoteAt } from '../../run/shell-quotes.ts';
import type { Finding, Fix } from '../diagnostic.ts';
import type { Step } from '../model/step.ts';

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Each `$NAME`/`${NAME}` the shell expands (not in '…'), with the text around it that one fix would replace. */
function expansions(line: string, name: string): { readonly written: string }[] {
  const found: { written: string }[] = [];
  const pattern = new RegExp(`\\$(?:\\{${name}\\}|${name}(?![A-Za-z0-9_]))`, 'g');
  for (const match of line.matchAll(pattern)) {
    const quote = quoteAt(line, match.index);
    if (quote === "'") continue;
    // Written alone in double quotes ("$x"), the placeholder takes the quotes' place: its value comes shell-quoted.
    const alone = quote === '"' && line[match.index - 1] === '"' && line[match.index + match[0].length] === '"';
    found.push({ written: alone ? `"${match[0]}"` : match[0] });
  }
  return found;
}

/** Whether the command gives the variable a value itself (`NAME=…`, `export NAME=…`, `for NAME in`, `read NAME`). */
function setInCommand(lines: readonly string[], name: string): boolean {
  const sets = new RegExp(`(^|[\\s;&|(])(${name}=|for\\s+${name}\\s|read\\s+(-\\w+\\s+)*${name}\\b)`);
  return lines.some((line) => sets.test(line));
}

export function lintShellParameters(step: Step): Finding[] {
  const declared = new Set(step.environmentVariables.map((v) => v.name));
  const findings: Finding[] = [];
  for (const parameter of step.parameters) {
    const { name } = parameter;
    if (!SHELL_NAME.test(name) || declared.has(name) || setInCommand(step.command, name)) continue;
    const found = step.command.flatMap((line) => expansions(line, name));
    if (found.length === 0) continue;
    const forms = new Set(found.map((f) => f.written));
    const from = forms.size === 1 ? [...forms][0] : undefined;
    // One written form, and no longer name that starts with it ($lr in $lr_decay is not counted: the split would be).
    const whole = step.command.join('\n');
    const fixable = from !== undefined && whole.split(from).length - 1 === found.length;
    const placeholder = `{parameter-value:${name}}`;
    const fix: Fix | undefined = fixable ? { kind: 'replace-text', label: `write ${placeholder}`, path: [...step.path, 'command'], from, to: placeholder } : undefined;
    const message =
      `Step "${step.name}": the command reads $${name}, a shell variable named as parameter "${name}", which nothing sets ` +
      `(a parameter reaches the command as ${placeholder}, {parameter:${name}} for its flag, or {parameters}; environment-variables are what a step sets), ` +
      'so the shell passes an empty word in its place';
    findings.push({ severity: 'warning', code: 'command-shell-parameter', message, path: [...step.path, 'command'], subject: { kind: 'step', step: step.name }, ...(fix ? { fix } : {}) });
  }
  return findings;
}
