import { describe, expect, it } from 'vitest';
import { withRecursiveStars } from './valohai-glob.ts';

describe("Valohai's ** in a pattern", () => {
  it('reaches into subfolders even as part of a segment; a whole-segment ** and a plain * are left as they are', () => {
    expect(withRecursiveStars('data/**.csv')).toBe('data/**/*.csv');
    expect(withRecursiveStars('**.h5')).toBe('**/*.h5');
    expect(withRecursiveStars('s3://b/foo/bar/**.jpg')).toBe('s3://b/foo/bar/**/*.jpg');
    expect(withRecursiveStars('data/**/*.csv')).toBe('data/**/*.csv');
    expect(withRecursiveStars('data/**')).toBe('data/**');
    expect(withRecursiveStars('data/*.csv')).toBe('data/*.csv');
  });
});
