import { hasErrors } from '../../../shared/valohai/diagnostic.ts';
import { diagnosticJson, EXIT_FAILED, EXIT_OK, EXIT_USAGE, formatDiagnostic, type Io, printJson, refuse } from '../output.ts';
import { importProjectFile, readProjectFile } from '../read-project.ts';

export interface ValidateOptions {
  readonly path: string;
  readonly json: boolean;
}

export function validateCommand(options: ValidateOptions, io: Io): number {
  const project = readProjectFile(options.path, io.cwd);
  if (!project.ok) return refuse(io, 'validate', project.message, EXIT_USAGE);
  const { diagnostics } = importProjectFile(project);
  if (options.json) {
    printJson(io, { file: project.display, diagnostics: diagnostics.map((d) => diagnosticJson(project.display, d)) });
  } else {
    for (const d of diagnostics) io.out(`${formatDiagnostic(project.display, d)}\n`);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    const summary = errors + warnings === 0 ? `${project.display}: valid` : `${project.display}: ${errors} error(s), ${warnings} warning(s)`;
    io.err(`${summary}\n`);
  }
  return hasErrors(diagnostics) ? EXIT_FAILED : EXIT_OK;
}
