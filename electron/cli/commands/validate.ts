import { readFileSync, writeFileSync } from 'node:fs';
import { hasErrors } from '../../../shared/valohai/diagnostic.ts';
import { applyAllFixes, type FixMade } from '../../../shared/valohai/edit/apply-fix.ts';
import { diagnosticJson, EXIT_FAILED, EXIT_OK, EXIT_USAGE, formatDiagnostic, type Io, printJson, refuse } from '../output.ts';
import { importProjectFile, readProjectFile } from '../read-project.ts';

export interface ValidateOptions {
  readonly path: string;
  readonly json: boolean;
  /** Make every fix the diagnostics offer (each a "did you mean" slip), write the file, then report what is left. */
  readonly fix?: boolean;
}

export function validateCommand(options: ValidateOptions, io: Io): number {
  const project = readProjectFile(options.path, io.cwd);
  if (!project.ok) return refuse(io, 'validate', project.message, EXIT_USAGE);
  let fixed: readonly FixMade[] = [];
  let checked = project;
  if (options.fix === true && project.text !== undefined) {
    // Written back only as the bytes it was read from would be: UTF-8 without a byte order mark.
    if (!readFileSync(project.file).equals(Buffer.from(project.text, 'utf8'))) {
      return refuse(io, 'validate', `${project.display}: --fix writes UTF-8 files only, and this one is not plain UTF-8 (save it as UTF-8 first)`, EXIT_USAGE);
    }
    const made = applyAllFixes(project.text);
    fixed = made.fixed;
    if (fixed.length > 0) {
      try {
        writeFileSync(project.file, made.text);
      } catch (error) {
        return refuse(io, 'validate', `${project.display}: cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was fixed`, EXIT_FAILED);
      }
    }
    checked = { ...project, text: made.text };
  }
  const { diagnostics } = importProjectFile(checked);
  if (options.json) {
    printJson(io, { file: project.display, ...(options.fix === true ? { fixed } : {}), diagnostics: diagnostics.map((d) => diagnosticJson(project.display, d)) });
  } else {
    for (const f of fixed) io.out(`${project.display}:${f.line}:${f.column} fixed: ${f.label}\n`);
    for (const d of diagnostics) io.out(`${formatDiagnostic(project.display, d)}\n`);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    const summary = errors + warnings === 0 ? `${project.display}: valid` : `${project.display}: ${errors} error(s), ${warnings} warning(s)`;
    io.err(`${fixed.length > 0 ? `${project.display}: ${fixed.length} fixed, written\n` : ''}${summary}\n`);
  }
  return hasErrors(diagnostics) ? EXIT_FAILED : EXIT_OK;
}
