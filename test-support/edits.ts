/** Checks an edit applied cleanly: it succeeded, left no error, and kept every comment of the original. */
import { expect } from 'vitest';
import type { EditResult } from '../shared/valohai/edit/yaml-splice.ts';
import { importValohaiYaml } from '../shared/valohai/import.ts';

export const commentLines = (text: string): string[] => text.split('\n').filter((line) => line.trim().startsWith('#'));

export function appliedTo(original: string): (result: EditResult) => string {
  return (result) => {
    if (!result.ok) throw new Error(result.message);
    const errors = importValohaiYaml(result.text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(commentLines(result.text)).toEqual(commentLines(original));
    return result.text;
  };
}
