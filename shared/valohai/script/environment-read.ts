/**
 * The environment variables a script reads (`os.getenv("BATCH_SIZE", 32)`, `os.environ.get("DATA")`,
 * `os.environ["WANDB_PROJECT"]`), as a new step's `environment-variables`: Valohai sets a step's
 * variables in its executions, and a run here does too. One read with a default gives that default
 * (as text: a variable is text); one with none that the script cannot go without (`environ[...]`)
 * is not optional. What the machine or a launcher sets (PATH, HOME, CUDA_VISIBLE_DEVICES, RANK…),
 * Valohai's own `VH_*` and Pipewright's are not offered.
 */
import { pythonCalls, tokenize, type Literal, type Token } from './python-calls.ts';
import { ENV_NAME } from '../../run/run-environment.ts';

export interface ScriptEnvironment {
  readonly name: string;
  readonly default?: string;
  /** Valohai's variables are optional unless said: one the script reads with no default and cannot go without. */
  readonly optional?: false;
}

/** Set by the machine, the shell, a launcher (torchrun, SLURM) or Valohai: not a step's to give. */
const NOT_THE_STEPS = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'PWD', 'SHELL', 'LANG', 'LANGUAGE', 'TERM', 'TMPDIR', 'TEMP', 'TMP', 'HOSTNAME', 'PYTHONPATH', 'PYTHONHASHSEED', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'LD_LIBRARY_PATH', 'CUDA_VISIBLE_DEVICES', 'CUDA_HOME', 'NVIDIA_VISIBLE_DEVICES', 'RANK', 'LOCAL_RANK', 'WORLD_SIZE', 'LOCAL_WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT', 'NODE_RANK', 'DISPLAY', 'XDG_RUNTIME_DIR', 'CI']);
const NOT_THE_STEPS_PREFIX = /^(VH_|PIPEWRIGHT_|SLURM_|KUBERNETES_|LC_|XDG_|OMPI_|PMI_)/;

const text = (value: Literal | undefined): string | undefined =>
  value?.kind === 'string' ? value.value : value?.kind === 'number' || value?.kind === 'bool' ? String(value.kind === 'bool' ? (value.value ? 'True' : 'False') : value.value) : undefined;

/** `tokens`: the script's, where they are read already. */
export function environmentRead(source: string, tokens: readonly Token[] = tokenize(source)): ScriptEnvironment[] {
  const found = new Map<string, { default?: string; required: boolean }>();
  const note = (name: string | undefined, given: string | undefined, required: boolean): void => {
    if (name === undefined || !ENV_NAME.test(name) || NOT_THE_STEPS.has(name) || NOT_THE_STEPS_PREFIX.test(name)) return;
    const known = found.get(name);
    found.set(name, { ...(known?.default !== undefined ? { default: known.default } : given !== undefined ? { default: given } : {}), required: (known?.required ?? false) || required });
  };
  // os.getenv("X", d), os.environ.get("X", d), os.environ.setdefault("X", d)
  const reads = (callee: string): boolean => /(^|\.)getenv$/.test(callee) || /(^|\.)environ\.(get|setdefault)$/.test(callee);
  for (const call of pythonCalls(tokens, reads)) {
    const [name, given] = call.args;
    note(name?.value.kind === 'string' ? name.value.value : undefined, text(given?.value ?? call.args.find((a) => a.keyword === 'default')?.value), false);
  }
  // os.environ["X"] read (not written: `os.environ["X"] = ...`)
  for (let i = 0; i + 3 < tokens.length; i += 1) {
    const [at, open, key, close] = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]];
    if (at?.kind !== 'name' || at.text !== 'environ' || open?.kind !== 'op' || open.text !== '[' || key?.kind !== 'string' || close?.kind !== 'op' || close.text !== ']') continue;
    const next = tokens[i + 4];
    const assigned = next?.kind === 'op' && next.text === '=' && !(tokens[i + 5]?.kind === 'op' && (tokens[i + 5] as { text: string }).text === '=');
    if (!assigned) note(key.value, undefined, true);
  }
  return [...found].map(([name, read]) => ({ name, ...(read.default !== undefined ? { default: read.default } : !read.required ? {} : { optional: false as const }) }));
}
