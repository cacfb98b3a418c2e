/**
 * Environment variables given for one run (`pipewright run --env NAME=VALUE`, the editor's Run
 * with…), as Valohai takes them when an execution is created: a variable a step declares takes the
 * value in place of its default, and one it does not is added. valohai.yaml is not changed, so a
 * token given so is never written into it (the run's record in .pipewright/ keeps it, to resume).
 */
import type { ResolvedStep } from './resolve-step.ts';

/** A name a shell can export. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a variable's name says it holds a secret (HF_TOKEN, AWS_SECRET_ACCESS_KEY, DB_PASSWORD, WANDB_API_KEY; not TOKENIZERS_PARALLELISM). */
export function looksSecret(name: string): boolean {
  return /(?:^|_)(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|KEY|APIKEY|CREDENTIALS?)(?:$|_)/i.test(name);
}

/** The step with this run's values: declared variables take them, others are added. */
export function withRunEnvironment(step: ResolvedStep, values: Readonly<Record<string, string>> | undefined): ResolvedStep {
  if (values === undefined || Object.keys(values).length === 0) return step;
  const declared = step.environmentVariables.map((v) => (values[v.name] === undefined ? v : { ...v, default: values[v.name] }));
  const added = Object.entries(values)
    .filter(([name]) => !step.environmentVariables.some((v) => v.name === name))
    .map(([name, value]) => ({ path: [] as const, name, default: value, optional: true }));
  return { ...step, environmentVariables: [...declared, ...added] };
}

/** `NAME=VALUE` flags as a map, or what is wrong with one. */
export function parseEnvFlags(flags: readonly string[]): { readonly ok: true; readonly values: Record<string, string> } | { readonly ok: false; readonly message: string } {
  const values: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq < 0 ? flag : flag.slice(0, eq);
    if (eq < 0) return { ok: false, message: `--env takes NAME=VALUE (got "${flag}")` };
    if (!ENV_NAME.test(name)) return { ok: false, message: `--env ${flag}: "${name}" is not a name a shell can export (letters, digits and _, not starting with a digit)` };
    values[name] = flag.slice(eq + 1);
  }
  return { ok: true, values };
}
