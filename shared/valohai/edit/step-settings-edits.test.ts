import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appliedTo } from '../../../test-support/edits.ts';
import { EXAMPLE_YAML, lineDiff } from '../../../test-support/fixtures.ts';
import { importValohaiYaml } from '../import.ts';
import { formatDuration, parseDuration } from '../parse/duration.ts';
import { addStepEnvironmentVariable, removeStepItem, setEnvironmentVariableDefault, setInputDefaults, setInputOptional, setStepKey } from './step-edits.ts';

const example = readFileSync(EXAMPLE_YAML, 'utf8');
const applied = appliedTo(example);
const step = (text: string, name: string) => importValohaiYaml(text).config.steps.find((s) => s.name === name)!;

describe("a step's environment variables and limits from the step panel", () => {
  it('adds a variable, gives it a default, clears it, and removing it gives the file back', () => {
    const added = applied(addStepEnvironmentVariable(example, 'evaluate', { name: 'HF_TOKEN' }));
    expect(lineDiff(example, added).added).toEqual(['    environment-variables:', '      - name: HF_TOKEN']);
    const given = applied(setEnvironmentVariableDefault(added, 'evaluate', 'HF_TOKEN', 'hf_abc'));
    expect(step(given, 'evaluate').environmentVariables).toEqual([expect.objectContaining({ name: 'HF_TOKEN', default: 'hf_abc' })]);
    expect(applied(setEnvironmentVariableDefault(given, 'evaluate', 'HF_TOKEN', undefined))).toBe(added);
    expect(applied(removeStepItem(added, 'evaluate', 'environment-variables', 'HF_TOKEN'))).toBe(example);
  });

  it('refuses a name a shell cannot export, one the step has, and a variable it lacks', () => {
    expect(addStepEnvironmentVariable(example, 'evaluate', { name: 'MY-VAR' })).toEqual({ ok: false, message: expect.stringContaining('"MY-VAR" is not a usable environment variable name') });
    const added = applied(addStepEnvironmentVariable(example, 'evaluate', { name: 'X', default: '1' }));
    expect(addStepEnvironmentVariable(added, 'evaluate', { name: 'X' })).toEqual({ ok: false, message: 'step "evaluate" already has an environment variable "X"' });
    expect(setEnvironmentVariableDefault(example, 'evaluate', 'NOPE', 'v')).toEqual({ ok: false, message: 'step "evaluate" has no environment variable "NOPE"' });
    expect(removeStepItem(example, 'evaluate', 'environment-variables', 'NOPE')).toEqual({ ok: false, message: 'step "evaluate" has no environment variable "NOPE"' });
  });

  it('sets a time limit as typed, a no-output timeout in seconds and a stop condition, each read back by a run', () => {
    const limited = applied(setStepKey(applied(setStepKey(example, 'train', 'time-limit', '1h 30m')), 'train', 'no-output-timeout', 600));
    const withCondition = applied(setStepKey(limited, 'train', 'stop-condition', 'loss < 0.05'));
    expect(step(withCondition, 'train')).toMatchObject({ timeLimit: 5400, noOutputTimeout: 600, stopCondition: 'loss < 0.05' });
    expect(lineDiff(example, withCondition).added).toEqual(['    time-limit: 1h 30m', '    no-output-timeout: 600', '    stop-condition: loss < 0.05']);
    expect(importValohaiYaml(withCondition).diagnostics).toEqual([]);
  });

  it('shows a duration as Valohai writes one, and reads back what it shows', () => {
    for (const seconds of [45, 60, 5400, 90061, 0]) expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    expect(formatDuration(5400)).toBe('1h 30m');
    expect(formatDuration(90061)).toBe('1d 1h 1m 1s');
  });
});

describe("a step's inputs from the step panel", () => {
  it('gives an input one default as a text, several as a list, none by taking the key away; optional set and taken back', () => {
    const one = applied(setInputDefaults(example, 'train', 'dataset', ['data/train.csv', '']));
    expect(lineDiff(example, one)).toEqual({ removed: [], added: ['        default: data/train.csv'] });
    const two = applied(setInputDefaults(one, 'train', 'dataset', ['data/a.csv', 's3://bucket/b.csv']));
    expect(step(two, 'train').inputs[0]?.defaults).toEqual(['data/a.csv', 's3://bucket/b.csv']);
    expect(applied(setInputDefaults(two, 'train', 'dataset', []))).toBe(example);
    const optional = applied(setInputOptional(example, 'train', 'dataset', true));
    expect(lineDiff(example, optional).added).toEqual(['        optional: true']);
    expect(applied(setInputOptional(optional, 'train', 'dataset', false))).toBe(example);
    expect(setInputDefaults(example, 'train', 'nope', ['x'])).toEqual({ ok: false, message: 'step "train" has no input "nope"' });
  });
});
