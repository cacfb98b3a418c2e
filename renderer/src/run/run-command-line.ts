/**
 * The `pipewright run` command line that starts the run Run with… describes, to copy into a
 * terminal or a script: the same parameters, input files, variables and choices. A variable whose
 * name says it holds a secret is written as `"$NAME"`, read from the shell, never as its value.
 */
import { looksSecret } from '../../../shared/run/run-environment.ts';
import { shellQuote } from '../../../shared/run/python-format.ts';
import { aloneInRunName } from '../../../shared/run/step-run.ts';

export interface RunLine {
  readonly pipeline: string;
  readonly parameters: Readonly<Record<string, string | readonly string[]>>;
  readonly inputs: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  readonly environment: Readonly<Record<string, string>>;
  readonly cache: boolean;
  readonly container: boolean;
}

export function runCommandLine(run: RunLine): string {
  const alone = aloneInRunName(run.pipeline);
  const words = ['pipewright', 'run', ...(alone ? [`--${alone.kind}`, shellQuote(alone.name)] : ['--pipeline', shellQuote(run.pipeline)])];
  for (const [name, value] of Object.entries(run.parameters)) {
    const values = typeof value === 'string' ? [value] : value;
    values.forEach((v, i) => words.push('--param', shellQuote(`${name}${i === 0 ? '' : '+'}=${v}`)));
  }
  for (const [node, inputs] of Object.entries(run.inputs)) {
    for (const [input, files] of Object.entries(inputs)) {
      // A node of a step or task run alone is named by its input alone (`--input data=x.csv`).
      const flag = alone ? '--input' : '--node-input';
      const target = alone ? input : `${node}.${input}`;
      if (files.length === 0) words.push(flag, `${shellQuote(target)}=`); // no files: an optional input given none
      files.forEach((file, i) => words.push(flag, shellQuote(`${target}${i === 0 ? '' : '+'}=${file}`)));
    }
  }
  for (const [name, value] of Object.entries(run.environment)) words.push('--env', looksSecret(name) ? `${name}="$${name}"` : shellQuote(`${name}=${value}`));
  if (run.cache) words.push('--cache');
  if (run.container) words.push('--container');
  return words.join(' ');
}
