import { describe, expect, it } from 'vitest';
import { readableJson } from './json-text.ts';

describe('a JSON output shown indented', () => {
  it('lays out one written on one line, its numbers and keys as written', () => {
    expect(readableJson('metrics.json', '{"accuracy": 0.93, "classes": ["a", "b"], "nested": {"k": 1}}\n', false)).toBe(
      '{\n  "accuracy": 0.93,\n  "classes": [\n    "a",\n    "b"\n  ],\n  "nested": {\n    "k": 1\n  }\n}',
    );
  });

  it('leaves as it is one already indented, cut short, not JSON, a bare value, or another kind of file', () => {
    expect(readableJson('m.json', '{\n  "a": 1\n}\n', false)).toBeUndefined();
    expect(readableJson('m.json', '{"a": 1, "b": [', true)).toBeUndefined();
    expect(readableJson('m.json', '{"a": NaN}', false)).toBeUndefined();
    expect(readableJson('m.json', '42', false)).toBeUndefined();
    expect(readableJson('m.txt', '{"a": 1}', false)).toBeUndefined();
  });
});
