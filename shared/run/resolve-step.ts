/** A node's step with its `override` applied, as Valohai merges them (by name, override wins). */
import type { EnvironmentVariable } from '../valohai/model/environment.ts';
import type { Input } from '../valohai/model/input.ts';
import type { Parameter } from '../valohai/model/parameter.ts';
import type { Override, Step } from '../valohai/model/step.ts';

export type ResolvedStep = Omit<Step, 'path' | 'parameters' | 'inputs' | 'environmentVariables'> & {
  readonly parameters: readonly Parameter[];
  readonly inputs: readonly Input[];
  readonly environmentVariables: readonly EnvironmentVariable[];
};

function mergeByName<T extends { readonly name: string }>(base: readonly T[], over: readonly T[], merge: (a: T, b: T) => T): T[] {
  const out = base.map((item) => {
    const replacement = over.find((o) => o.name === item.name);
    return replacement ? merge(item, replacement) : item;
  });
  return out;
}

export function resolveStep(step: Step, override: Override | undefined): ResolvedStep {
  const { path: _path, ...rest } = step;
  if (!override) return rest;
  return {
    ...rest,
    image: override.image ?? step.image,
    command: override.command ?? step.command,
    environment: override.environment ?? step.environment,
    autorestart: override.autorestart ?? step.autorestart,
    runtimeConfigPreset: override.runtimeConfigPreset ?? step.runtimeConfigPreset,
    mounts: override.mounts ?? step.mounts,
    parameters: mergeByName(step.parameters, override.parameters, (a, b) => (b.default === undefined ? a : ({ ...a, default: b.default } as Parameter))),
    // An override input without `default` clears the step's default, so an edge must supply it.
    inputs: mergeByName(step.inputs, override.inputs, (a, b) => ({ ...a, defaults: b.defaults, defaultSet: b.defaultSet, optional: b.optional || a.optional })),
    environmentVariables: mergeByName(step.environmentVariables, override.environmentVariables, (a, b) => ({ ...a, default: b.default ?? a.default })),
  };
}
