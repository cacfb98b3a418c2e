/**
 * Bash written where the command runs under /bin/sh. Valohai (and Pipewright) run a step's
 * command with `/bin/sh -c`, which in Debian's and Ubuntu's images (python:*, most CUDA and
 * framework images) and on such a workstation is dash. Three of bash's words are read by dash
 * quietly otherwise, so a command that works in the author's terminal does something else there:
 *
 *   `[ A == B ]`   dash's test knows only `=`: "[: unexpected operator", the test is false, so an
 *                  `if` never takes its branch and a `&&` chain stops (the run goes on or fails
 *                  far from the cause);
 *   `[[ … ]]`      not a word dash knows: "[[: not found", false likewise;
 *   `source FILE`  dash has only `.`: "source: not found", the environment is not set up.
 *
 * Warnings, each with its POSIX form as the fix where one can be written safely.
 */
import { quoteAt, walkQuotes } from '../../run/shell-quotes.ts';
import type { Finding, Fix } from '../diagnostic.ts';
import type { Step } from '../model/step.ts';

/** A word a test can compare without quoting changing its meaning under `[ ]`: quoted, a placeholder, or plain. */
const SAFE_OPERAND = /^(?:'[^']*'|"(?:[^"\\]|\\.)*"|\{parameter-value:[^{}]+\}|[\w./:+@%-]+)$/;

export function lintBashisms(step: Step): Finding[] {
  const findings: Finding[] = [];
  if (!runsUnderDash(step)) return findings;
  const path = [...step.path, 'command'];
  // Located at its own line where the command is a list (the fix replaces text in the whole command).
  let at = path;
  const warn = (message: string, fix: Fix | undefined): void => {
    const finding: Finding = { severity: 'warning', code: 'command-bashism', message: `Step "${step.name}": ${message}`, path: at, subject: { kind: 'step', step: step.name } };
    findings.push(fix === undefined ? finding : { ...finding, fix });
  };
  const under = 'the command runs under /bin/sh, which in many images (dash, in Debian\'s and Ubuntu\'s) and on Debian or Ubuntu itself';
  for (const [index, line] of step.command.entries()) {
    at = step.command.length > 1 ? [...path, index] : path;
    for (const found of line.matchAll(/(?<![[\w])\[\s+((?:[^\]]|\](?!\s|$))*?)\s+\](?!\])/g)) {
      const [text, inside = ''] = found;
      if (quoteAt(line, found.index) !== undefined || text.startsWith('[[')) continue;
      const parts = splitOnce(inside, ' == ');
      if (parts === undefined) continue;
      const instead = `[ ${parts[0]} = ${parts[1]} ]`;
      warn(`${text} compares with ==, which is bash's: ${under} says "[: unexpected operator" and takes the test as false, so what depends on it never runs: write ${instead}`, { kind: 'replace-text', label: `write ${instead}`, path, from: text, to: instead });
    }
    for (const found of line.matchAll(/(?<![\w[])\[\[\s+(.*?)\s+\]\](?!\])/g)) {
      const [text, inside = ''] = found;
      if (quoteAt(line, found.index) !== undefined) continue;
      const parts = splitOnce(inside, ' == ') ?? splitOnce(inside, ' = ') ?? splitOnce(inside, ' != ');
      const operator = inside.includes(' != ') && !inside.includes(' == ') ? '!=' : '=';
      const unary = /^(-[a-zA-Z])\s+(\S+)$/.exec(inside.trim());
      let instead: string | undefined;
      if (unary?.[2] !== undefined && SAFE_OPERAND.test(unary[2])) instead = `[ ${unary[1] ?? ''} ${unary[2]} ]`;
      else if (parts !== undefined && parts.every((part) => SAFE_OPERAND.test(part.trim())) && !/[*?[]/.test(parts[1].replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, ''))) instead = `[ ${parts[0].trim()} ${operator} ${parts[1].trim()} ]`;
      const advice = instead === undefined ? 'write it as a POSIX test: [ … ] with each variable in double quotes, = for ==, and && or || between two tests rather than inside one' : `write ${instead}`;
      warn(`${text} is bash's: ${under} says "[[: not found" and takes it as false, so what depends on it never runs: ${advice}`, instead === undefined ? undefined : { kind: 'replace-text', label: `write ${instead}`, path, from: text, to: instead });
    }
    for (const found of line.matchAll(/(^|[;&|(]\s*|\b(?:then|do|else)\s+)source\s+([^\s;&|<>()]+)([^;&|<>()]*)/g)) {
      const [, before = '', file = '', rest = ''] = found;
      if (quoteAt(line, found.index + before.length) !== undefined) continue;
      const text = `source ${file}`;
      const instead = `. ${file}`;
      // (dash's `.` takes no arguments: `source activate env` has no POSIX spelling of one line.)
      const fix: Fix | undefined = rest.trim() === '' ? { kind: 'replace-text', label: `write ${instead}`, path, from: text, to: instead } : undefined;
      const advice = fix === undefined ? `dash's . passes no arguments to ${file}, so start the command with a #!/bin/bash line, which runs it with bash` : `write ${instead}`;
      warn(`${text} is bash's: ${under} says "source: not found", and what it sets up is not there for the rest: ${advice}`, fix);
    }
  }
  return findings;
}

/**
 * Whether the command is run by /bin/sh as dash: not where it starts with a `#!` line naming
 * another interpreter (it runs as that script), nor in an Alpine or BusyBox image (ash, which
 * reads these three as bash does).
 */
export function runsUnderDash(step: Step): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(step.command[0] ?? '');
  if (shebang) return /(^|\/)(sh|dash)$/.test(shebang[1] === '/usr/bin/env' ? (shebang[2] ?? '') : (shebang[1] ?? ''));
  return !/(^|\/)(alpine|busybox)(:|$)|:.*alpine/i.test(step.image ?? '');
}

/** The text on either side of the first `separator` outside quotes, or undefined where there is none or more than one. */
function splitOnce(text: string, separator: string): [string, string] | undefined {
  const at: number[] = [];
  walkQuotes(text, (i, quote) => {
    if (quote === undefined && text.startsWith(separator, i)) at.push(i);
    return false;
  });
  if (at.length !== 1 || at[0] === undefined) return undefined;
  return [text.slice(0, at[0]), text.slice(at[0] + separator.length)];
}
