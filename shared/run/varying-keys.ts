/**
 * The keys whose values differ among records (a sweep's children's parameters or metrics): what
 * tells them apart. A key some records lack differs from one they all have alike.
 */
export function varyingKeys(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return keys.filter((key) => new Set(records.map((r) => JSON.stringify(r[key]))).size > 1);
}
