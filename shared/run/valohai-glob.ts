/**
 * Valohai's wildcards, in input URLs (`s3://bucket/images/*.jpg`) and in output edges
 * (`train.output.*best.pt`). They match as Python's fnmatch does on a whole key, not as a shell
 * glob does on one path segment: `*` is any run of characters, `/` included, so
 * `s3://b/coco128/*` takes `coco128/images/a.jpg` (which `keep-directories: suffix` then keeps
 * as `images/a.jpg`), and `*best.pt` takes YOLO's `exp/weights/best.pt`. `**` is the same as `*`,
 * except that `**` + `/` may also match nothing, so `**` + `/*.csv` takes a top-level `a.csv` too,
 * as a glob user expects. `?` is one character; `[abc]` one of them, `[!abc]` (or `[^abc]`) none.
 */

/** Whether a key or URL holds a wildcard, so it names a set of files rather than one. */
export function hasWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** The folder part of a pattern before its first wildcard (`models/` of `models/*.pkl`): what `keep-directories: suffix` drops. */
export function wildcardRoot(pattern: string): string {
  const at = pattern.search(/[*?[]/);
  return (at < 0 ? pattern : pattern.slice(0, at)).replace(/[^/]*$/, '');
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The character class that starts at `pattern[at]` (`[`), as a regular expression, and where it ends; none when it never closes. */
function charClass(pattern: string, at: number): { source: string; end: number } | undefined {
  let i = at + 1;
  const negated = pattern[i] === '!' || pattern[i] === '^';
  if (negated) i += 1;
  if (pattern[i] === ']') i += 1; // a `]` first is one of the characters
  const close = pattern.indexOf(']', i);
  if (close < 0) return undefined;
  const body = pattern.slice(negated ? at + 2 : at + 1, close).replace(/[\\\]^]/g, '\\$&');
  return { source: `[${negated ? '^' : ''}${body}]`, end: close + 1 };
}

/** The whole-key matcher for a Valohai pattern (see above). */
export function valohaiPattern(pattern: string): RegExp {
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '*') {
      let stars = 1;
      while (pattern[i + stars] === '*') stars += 1;
      const anyFolders = stars >= 2 && pattern[i + stars] === '/' && (i === 0 || pattern[i - 1] === '/');
      source += anyFolders ? '(?:.*/)?' : '.*';
      i += stars + (anyFolders ? 1 : 0);
    } else if (c === '?') {
      source += '.';
      i += 1;
    } else if (c === '[' && charClass(pattern, i) !== undefined) {
      const cls = charClass(pattern, i) as { source: string; end: number };
      source += cls.source;
      i = cls.end;
    } else {
      source += escape(c);
      i += 1;
    }
  }
  return new RegExp(`^${source}$`, 's');
}

/** A test for paths: every path for `*`, `**` or an empty key, else the pattern's whole-key match. */
export function valohaiMatcher(pattern: string): (path: string) => boolean {
  if (/^\**$/.test(pattern)) return () => true;
  const regexp = valohaiPattern(pattern);
  return (path) => regexp.test(path);
}
