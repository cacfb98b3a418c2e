import { describe, expect, it } from 'vitest';
import { choices, editDistance, nearestName } from './nearest-name.ts';

describe('did you mean', () => {
  it('offers the name a typo most likely meant', () => {
    expect(nearestName('tlak', ['talk', 'train'])).toBe('talk');
    expect(nearestName('deplyo', ['deploy'])).toBe('deploy');
    expect(nearestName('n1', ['n2', 'prep'])).toBe('n2');
  });

  it('counts two letters swapped as one slip, so the swap wins over a name as far by other edits', () => {
    expect(editDistance('flaot', 'float')).toBe(1);
    expect(editDistance('flaot', 'flag')).toBe(2);
    expect(nearestName('flaot', ['flag', 'float', 'integer', 'string'])).toBe('float');
    expect(nearestName('defualt', ['description', 'default'])).toBe('default');
  });

  it('offers the name that differs only in its capitals, however many, before any other', () => {
    expect(nearestName('three-trainings pipeline with deployment', ['Three-Trainings Pipeline with deployment', 'other'])).toBe('Three-Trainings Pipeline with deployment');
    expect(nearestName('TRAIN', ['tran', 'train'])).toBe('train');
  });

  it('offers nothing for a name that shares little with any', () => {
    expect(nearestName('zz', ['b'])).toBeUndefined();
    expect(nearestName('a', ['b'])).toBeUndefined();
    expect(nearestName('evaluate', ['train'])).toBeUndefined();
    expect(choices('zz', ['b'], 'nodes')).toBe(' (nodes: b)');
  });
});
