import type { YamlPath } from '../diagnostic.ts';

export const PARAMETER_TYPES = ['string', 'integer', 'float', 'flag'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export const MULTIPLE_MODES = ['none', 'repeat', 'separate'] as const;
export type MultipleMode = (typeof MULTIPLE_MODES)[number];

/** A scalar value a parameter can hold once YAML is read (dates stay Dates, as PyYAML reads them). */
export type ParameterValue = string | number | boolean | null | Date | readonly ParameterValue[];

export type Widget = { readonly type: string; readonly settings: Readonly<Record<string, unknown>> };

interface ParameterBase {
  readonly path: YamlPath;
  readonly name: string;
  readonly description?: string;
  readonly category?: string;
  readonly widget?: Widget;
  /** Whether the YAML item set `optional` at all (flags ignore it, with a warning). */
  readonly optionalSet: boolean;
  readonly optional: boolean;
  readonly default?: ParameterValue;
}

/** `string`, `integer` and `float` parameters: the ones that take `pass-as`, `multiple`, ranges. */
export interface ValueParameter extends ParameterBase {
  readonly type: 'string' | 'integer' | 'float';
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly ParameterValue[];
  readonly multiple: MultipleMode;
  /** As written; absent means `,`. It joins values only with `multiple: separate` (lint warns otherwise). */
  readonly multipleSeparator?: string;
  readonly passAs?: string;
  /** Set only when the YAML (wrongly) gives them to a non-flag; kept so lint can warn. */
  readonly passTrueAs?: string;
  readonly passFalseAs?: string;
}

/** `flag` parameters: true/false, rendered through `pass-true-as` / `pass-false-as`. */
export interface FlagParameter extends ParameterBase {
  readonly type: 'flag';
  readonly passAs?: string;
  readonly passTrueAs?: string;
  readonly passFalseAs?: string;
  /** `multiple` is not allowed on flags; kept so lint can say so. */
  readonly multipleSet: boolean;
}

export type Parameter = ValueParameter | FlagParameter;

export function isFlag(parameter: Parameter): parameter is FlagParameter {
  return parameter.type === 'flag';
}

/** Whether a parameter takes one value per execution (a list of values means one execution each). */
export function takesOneValue(parameter: Parameter): boolean {
  return parameter.type === 'flag' || parameter.multiple === 'none';
}
