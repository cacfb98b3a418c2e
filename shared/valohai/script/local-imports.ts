/**
 * The modules of a script's own folder it imports (`import args`, `from utils.cli import
 * get_parser`, `from . import options`), as files beside the script: where a project builds its
 * parser in a helper (`args.py`, `options.py`), the options are there, not in the script.
 * Python finds `import x` in the script's folder first (it is `sys.path[0]`), so that is where
 * they are looked for; an import of anything else (the standard library, a package) names no file
 * there and is passed over.
 */

/** At most so many module files are looked for. */
const CANDIDATES_MAX = 40;

const dotted = (name: string): boolean => /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(name);

/** The file paths, relative to the script's folder, each import could be (a module, or a package's `__init__.py`). */
export function localImportPaths(source: string): string[] {
  const modules: string[] = [];
  for (const line of source.split('\n')) {
    const plain = /^\s*import\s+([\w.,\s]+?)\s*(?:#.*)?$/.exec(line);
    if (plain) {
      for (const part of (plain[1] as string).split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0] ?? '';
        if (dotted(name)) modules.push(name.replaceAll('.', '/'));
      }
      continue;
    }
    const from = /^\s*from\s+(\.*)([\w.]*)\s+import\s+\(?([\w,\s]+?)\)?\s*(?:#.*)?$/.exec(line);
    if (!from) continue;
    const dots = (from[1] as string).length;
    const base = from[2] as string;
    if ((base !== '' && !dotted(base)) || dots > 2) continue;
    const up = dots <= 1 ? '' : '../';
    const at = base === '' ? '' : `${base.replaceAll('.', '/')}`;
    if (at !== '') modules.push(`${up}${at}`);
    // `from pkg import mod`: mod may be a module of the package (or of the folder, `from . import mod`).
    for (const part of (from[3] as string).split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0] ?? '';
      if (/^[A-Za-z_]\w*$/.test(name)) modules.push(`${up}${at === '' ? '' : `${at}/`}${name}`);
    }
  }
  const paths = [...new Set(modules)].flatMap((m) => [`${m}.py`, `${m}/__init__.py`]);
  return paths.slice(0, CANDIDATES_MAX);
}
