import { describe, expect, it } from 'vitest';
import { hasWildcard, valohaiMatcher, wildcardRoot } from './valohai-glob.ts';

const matches = (pattern: string, paths: string[]): string[] => paths.filter(valohaiMatcher(pattern));

describe("Valohai's wildcards (as fnmatch on the whole key)", () => {
  const outputs = ['best.pt', 'exp/weights/best.pt', 'exp/weights/last.pt', 'exp/results.csv', 'model.pkl', 'models/a.pkl', 'models/old/b.pkl', '.hidden.csv'];

  it('lets * reach into subfolders, as YOLO pipelines on Valohai rely on (train.output.*best.pt)', () => {
    expect(matches('*best.pt', outputs)).toEqual(['best.pt', 'exp/weights/best.pt']);
    expect(matches('models/*', outputs)).toEqual(['models/a.pkl', 'models/old/b.pkl']);
    expect(matches('*.csv', outputs)).toEqual(['exp/results.csv', '.hidden.csv']);
    expect(matches('*results*', outputs)).toEqual(['exp/results.csv']);
  });

  it('reads ** as *, and **/ as any folders or none', () => {
    expect(matches('models/**.pkl', outputs)).toEqual(['models/a.pkl', 'models/old/b.pkl']);
    expect(matches('**/*.pkl', outputs)).toEqual(['model.pkl', 'models/a.pkl', 'models/old/b.pkl']);
    expect(matches('exp/**/best.pt', outputs)).toEqual(['exp/weights/best.pt']);
  });

  it('takes everything for *, ** or an empty key, and an exact name only itself', () => {
    expect(matches('*', outputs)).toEqual(outputs);
    expect(matches('**', outputs)).toEqual(outputs);
    expect(matches('', outputs)).toEqual(outputs);
    expect(matches('model.pkl', outputs)).toEqual(['model.pkl']);
    expect(matches('model+pkl', ['model+pkl', 'modelpkl'])).toEqual(['model+pkl']);
  });

  it('matches ? as one character and [..] / [!..] as a class; an unclosed [ is itself', () => {
    expect(matches('model?.pkl', ['model1.pkl', 'model.pkl', 'model12.pkl'])).toEqual(['model1.pkl']);
    expect(matches('part-[0-9].csv', ['part-1.csv', 'part-a.csv'])).toEqual(['part-1.csv']);
    expect(matches('part-[!0-9].csv', ['part-1.csv', 'part-a.csv'])).toEqual(['part-a.csv']);
    expect(matches('[]].txt', [']].txt', '].txt'])).toEqual(['].txt']);
    expect(matches('a[b.txt', ['a[b.txt', 'ab.txt'])).toEqual(['a[b.txt']);
  });

  it('finds the folder before the first wildcard, and whether there is one', () => {
    expect(wildcardRoot('s3://b/foo/bar/**.jpg')).toBe('s3://b/foo/bar/');
    expect(wildcardRoot('models/v*/a.pkl')).toBe('models/');
    expect(wildcardRoot('*best.pt')).toBe('');
    expect(hasWildcard('data/*.csv')).toBe(true);
    expect(hasWildcard('data/a.csv')).toBe(false);
  });
});
