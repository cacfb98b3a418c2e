/**
 * A JSON output (metrics.json, a config a step wrote) as a person reads it: indented, where it was
 * written on one line (`json.dump` without `indent`, as most steps write it). Undefined where it is
 * not a .json file, was cut short by the preview, does not parse, or is already laid out as shown.
 */
export function readableJson(path: string, text: string, truncated: boolean): string | undefined {
  if (!/\.json$/i.test(path) || truncated) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const indented = JSON.stringify(value, null, 2);
  return indented.trim() === text.trim() ? undefined : indented;
}
