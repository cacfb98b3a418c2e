/** Valohai durations: seconds as an integer, or `1h 30m 5s` / `48h` with s/m/h/d/w suffixes. */
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const parts = text.split(/\s+/);
  let total = 0;
  for (const part of parts) {
    const match = /^(\d+(?:\.\d+)?)\s*([smhdw])[a-z]*$/.exec(part);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
  }
  return parts.length > 0 ? total : undefined;
}

/** Seconds as Valohai writes a duration: `1h 30m`, `45s`, `2d`; `0s` for none. */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let left = Math.round(seconds);
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(left / size);
    if (count > 0) parts.push(`${count}${unit}`);
    left -= count * size;
  }
  return parts.join(' ') || '0s';
}
