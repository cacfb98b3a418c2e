import { describe, expect, it } from 'vitest';
import { fixtureNames, readFixture, upstreamVerdicts } from '../../test-support/fixtures.ts';
import { importValohaiYaml } from './import.ts';

/**
 * Files where Pipewright finds a real error the upstream linter misses, and why. Every other
 * file must get upstream's verdict: errors where it has errors, none where it has none.
 */
const STRICTER_THAN_UPSTREAM: Readonly<Record<string, string>> = {
  'nonsensical-task-bits.yaml': 'its task blueprint runs step "run training", which the file does not define',
};

describe('validation agrees with the upstream linter on its 62 fixtures', () => {
  const verdicts = upstreamVerdicts();
  const names = fixtureNames();

  it('has a verdict for every fixture', () => {
    expect(names).toHaveLength(62);
    expect(Object.keys(verdicts).sort()).toEqual(names);
  });

  it.each(names)('%s', (name) => {
    const verdict = verdicts[name];
    const { diagnostics } = importValohaiYaml(readFixture(name));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const warnings = diagnostics.filter((d) => d.severity === 'warning');
    for (const d of diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(10);
    }
    const why = STRICTER_THAN_UPSTREAM[name];
    if (why) {
      expect(errors.length, why).toBeGreaterThan(0);
      return;
    }
    switch (verdict?.expected) {
      case 'error':
        expect(errors.length, 'upstream reports errors').toBeGreaterThan(0);
        break;
      case 'valid':
        expect(errors.map((e) => e.message)).toEqual([]);
        break;
      case 'warning':
        expect(errors.map((e) => e.message)).toEqual([]);
        expect(warnings.length, 'upstream warns').toBeGreaterThan(0);
        break;
      default:
        throw new Error(`no upstream verdict for ${name}`);
    }
  });

  it('states the reason for each stricter verdict, and finds it', () => {
    const { diagnostics } = importValohaiYaml(readFixture('nonsensical-task-bits.yaml'));
    expect(diagnostics.find((d) => d.severity === 'error')?.message).toContain('"run training"');
  });
});
