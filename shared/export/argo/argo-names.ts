/** Argo's names (templates, DAG tasks, artifacts, parameters) from Valohai's, which may hold spaces and dots. */

/** Lower-case letters, digits and `-`, starting with a letter, at most 63 characters. */
export function argoName(name: string): string {
  const plain = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const lead = /^[a-z]/.test(plain) ? plain : `n-${plain}`;
  return lead.slice(0, 63).replace(/-+$/, '') || 'n';
}

/** Gives each name its own Argo name: a second `train.x` and `train-x` become `train-x-2`. */
export class NameTable {
  private readonly taken = new Set<string>();
  private readonly given = new Map<string, string>();

  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.taken.add(name);
  }

  of(name: string): string {
    const known = this.given.get(name);
    if (known) return known;
    const base = argoName(name);
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n += 1) candidate = `${base.slice(0, 58)}-${n}`;
    this.taken.add(candidate);
    this.given.set(name, candidate);
    return candidate;
  }
}
