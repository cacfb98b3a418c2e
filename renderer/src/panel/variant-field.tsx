/**
 * How one parameter varies across a task's children, edited in the task's panel: not at all (the
 * step's value), one value, a list, or a numeric range (linear, logspace, random). Values are
 * typed as the step declares the parameter; a refused one is said at the field, which keeps it,
 * and the file stays as it was.
 */
import { useEffect, useId, useState } from 'react';
import { coerceParameter } from '../../../shared/run/parameter-values.ts';
import { setVariant, variantProblem, type VariantInput } from '../../../shared/valohai/edit/task-edits.ts';
import type { Parameter, ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import type { VariantRules } from '../../../shared/valohai/model/task-blueprint.ts';
import { useEditor } from '../store/editor-store.ts';

type Style = VariantInput['style'];

/** The numbers each range style asks for, in order. */
const RANGE_FIELDS = { linear: ['start', 'end', 'step'], logspace: ['start', 'end', 'count'], random: ['min', 'max', 'count'] } as const;
/** The numbers a style may be given besides (a seed left empty: none). */
const EXTRA_FIELDS: Partial<Record<Style, readonly string[]>> = { logspace: ['base'], random: ['seed'] };
/** What random draws from; a name the file writes that is not here is kept and offered too. */
const DISTRIBUTIONS = ['uniform', 'loguniform'];

const show = (value: ParameterValue): string => (value === null ? '' : String(value));

/** The fields' texts for the rules written in the file. */
function textsOf(rules: VariantRules | undefined): Record<string, string> {
  if (!rules) return {};
  switch (rules.style) {
    case 'single':
      return { value: show(rules.value) };
    case 'multiple':
      return { items: rules.items.map(show).join(', ') };
    case 'linear':
      return { start: String(rules.start), end: String(rules.end), step: String(rules.step) };
    case 'logspace':
      return { start: String(rules.start), end: String(rules.end), count: String(rules.count), base: String(rules.base), integerify: String(rules.integerify) };
    case 'random':
      return { min: String(rules.min), max: String(rules.max), count: String(rules.count), seed: rules.seed === undefined ? '' : String(rules.seed), distribution: rules.distribution, integerify: String(rules.integerify) };
    case 'other':
      return {};
  }
}

/** A first variant of a style, from the step's default: the user changes it from there. */
function startingTexts(style: Style, parameter: Parameter): Record<string, string> {
  const value = parameter.default === undefined || parameter.default === null || Array.isArray(parameter.default) ? '' : String(parameter.default);
  const number = Number(value || '0');
  switch (style) {
    case 'single':
      return { value };
    case 'multiple':
      return { items: value };
    case 'linear':
      return { start: String(number), end: String(number + 2), step: '1' };
    // An integer parameter's range gives whole numbers.
    case 'logspace':
      return { start: '-3', end: '-1', count: '3', base: '10', integerify: String(parameter.type === 'integer') };
    case 'random':
      return { min: '0', max: String(number > 0 ? number * 2 : 1), count: '5', seed: '', distribution: 'uniform', integerify: String(parameter.type === 'integer') };
  }
}

/** The variant the texts say, or why they say none. */
function variantOf(style: Style, texts: Readonly<Record<string, string>>, parameter: Parameter): VariantInput | string {
  if (style === 'single' || style === 'multiple') {
    const parts = style === 'single' ? [texts['value'] ?? ''] : (texts['items'] ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
    if (parts.length === 0) return `${parameter.name}: give at least one value`;
    const coerced = coerceParameter(parameter, parts);
    if (!coerced.ok) return coerced.message;
    const values = Array.isArray(coerced.value) ? (coerced.value as ParameterValue[]) : [coerced.value];
    return style === 'single' ? { style, value: values[0] ?? null } : { style, items: values };
  }
  const numbers = RANGE_FIELDS[style].map((field) => Number((texts[field] ?? '').trim() === '' ? Number.NaN : texts[field]));
  const bad = RANGE_FIELDS[style].find((_, i) => !Number.isFinite(numbers[i]));
  if (bad !== undefined) return `${parameter.name}: ${bad} is a number`;
  const [a = 0, b = 0, c = 0] = numbers;
  if (style === 'linear') return { style, start: a, end: b, step: c };
  const integerify = texts['integerify'] === 'true';
  if (style === 'logspace') {
    const base = (texts['base'] ?? '').trim() === '' ? 10 : Number(texts['base']);
    return Number.isFinite(base) ? { style, start: a, end: b, count: c, base, integerify } : `${parameter.name}: base is a number`;
  }
  const seedText = (texts['seed'] ?? '').trim();
  const seed = seedText === '' ? null : Number(seedText);
  if (seed !== null && !Number.isSafeInteger(seed)) return `${parameter.name}: seed is a whole number (or empty: none)`;
  return { style, min: a, max: b, count: c, seed, distribution: texts['distribution'] ?? 'uniform', integerify };
}

export function VariantField({ task, parameter, rules }: { task: string; parameter: Parameter; rules: VariantRules | undefined }) {
  const id = useId();
  const edit = useEditor((s) => s.edit);
  /** Why what was typed is not written: said at the field, which keeps it to be mended. */
  const [error, setError] = useState<string | undefined>();
  const numeric = parameter.type === 'integer' || parameter.type === 'float';
  const styles: readonly Style[] = numeric ? ['single', 'multiple', 'linear', 'logspace', 'random'] : ['single', 'multiple'];
  /** A style chosen whose first values are not written yet (no default to start from): its fields show, to be filled. */
  const [pending, setPending] = useState<Style | undefined>();
  const written = pending ?? (rules && rules.style !== 'other' ? rules.style : undefined);
  const [texts, setTexts] = useState(() => textsOf(rules));
  useEffect(() => {
    setTexts(textsOf(rules));
    setError(undefined);
    setPending(undefined);
  }, [rules]);

  const commit = (style: Style, next: Readonly<Record<string, string>>): void => {
    const variant = variantOf(style, next, parameter);
    const problem = typeof variant === 'string' ? variant : variantProblem(variant);
    setError(problem && (problem.startsWith(`${parameter.name}:`) ? problem : `${parameter.name}: ${problem}`));
    if (typeof variant === 'string' || problem) return;
    edit((text) => setVariant(text, task, parameter.name, variant));
  };
  const changeStyle = (value: string): void => {
    setPending(undefined);
    setError(undefined);
    if (value === '') return void edit((text) => setVariant(text, task, parameter.name, undefined));
    const start = startingTexts(value as Style, parameter);
    setTexts(start);
    // Written at once when the step's default gives it values; else its fields wait for them.
    if (typeof variantOf(value as Style, start, parameter) === 'string') return void setPending(value as Style);
    commit(value as Style, start);
  };
  const fields = written === undefined ? [] : written === 'single' ? ['value'] : written === 'multiple' ? ['items'] : [...RANGE_FIELDS[written], ...(EXTRA_FIELDS[written] ?? [])];
  /** A choice (distribution, integerify) is written at once. */
  const choose = (field: string, value: string): void => {
    if (written === undefined) return;
    const next = { ...texts, [field]: value };
    setTexts(next);
    commit(written, next);
  };
  const distributions = [...new Set([...DISTRIBUTIONS, texts['distribution'] ?? 'uniform'])];

  return (
    <div className={`field variant ${error ? 'invalid' : ''}`} data-testid={`variant-${parameter.name}`}>
      <label htmlFor={id}>
        {parameter.name} <span className="field-hint">{parameter.type}</span>
      </label>
      {rules?.style === 'other' ? (
        <p className="muted">{`style ${rules.name}, which Pipewright does not know: edit it in the YAML (Y)`}</p>
      ) : (
        <>
          <select id={id} value={written ?? ''} onChange={(e) => changeStyle(e.target.value)} aria-label={`${parameter.name} varies`}>
            <option value="">not varied (the step&apos;s value)</option>
            {styles.map((style) => (
              <option key={style} value={style}>
                {style}
              </option>
            ))}
          </select>
          {written !== undefined && (
            <div className="variant-rules">
              {fields.map((field) => {
                const input = (
                  <input
                    aria-label={`${parameter.name} ${field}`}
                    placeholder={field === 'items' ? 'values, separated by commas' : field === 'seed' ? 'none' : field}
                    value={texts[field] ?? ''}
                    onChange={(e) => setTexts({ ...texts, [field]: e.target.value })}
                    onBlur={() => texts[field] !== textsOf(rules)[field] && commit(written, texts)}
                    onKeyDown={(e) => e.key === 'Enter' && commit(written, texts)}
                  />
                );
                // One list of values fills the row; a range's numbers are named beside their fields.
                return field === 'items' || field === 'value' ? (
                  <span key={field} className="items">
                    {input}
                  </span>
                ) : (
                  <label key={field}>
                    {field} {input}
                  </label>
                );
              })}
              {written === 'random' && (
                <label>
                  distribution{' '}
                  <select aria-label={`${parameter.name} distribution`} value={texts['distribution'] ?? 'uniform'} onChange={(e) => choose('distribution', e.target.value)}>
                    {distributions.map((d) => (
                      <option key={d} value={d}>
                        {d}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {(written === 'random' || written === 'logspace') && (
                <label>
                  <input type="checkbox" aria-label={`${parameter.name} whole numbers`} checked={texts['integerify'] === 'true'} onChange={(e) => choose('integerify', String(e.target.checked))} /> whole numbers
                </label>
              )}
            </div>
          )}
          {error && (
            <p className="field-error" role="alert" data-testid={`variant-${parameter.name}-error`}>
              {error}
            </p>
          )}
        </>
      )}
    </div>
  );
}
