/**
 * Valohai's wildcards, for the glob matchers here: `**` reaches into subfolders even when it is
 * only part of a path segment (`s3://bucket/images/**.jpg` takes `images/a.jpg` and
 * `images/set1/b.jpg`), where a glob library reads `**.jpg` as `*.jpg`. Such a `**` is written
 * `**` + `/*` here, which matches the same files at every depth.
 */
export function withRecursiveStars(pattern: string): string {
  return pattern.replace(/(^|\/)\*\*(?=[^/*])/g, '$1**/*');
}
