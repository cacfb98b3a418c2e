/** Finds and reads a project's valohai.yaml for the CLI, turning every failure into plain data. */
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { Diagnostic } from '../../shared/valohai/diagnostic.ts';
import { importValohaiYaml, type ImportResult } from '../../shared/valohai/import.ts';
import { decodeYamlBytes } from '../runner/decode-yaml.ts';
import { documentDiagnostic } from '../../shared/valohai/parse/load-yaml.ts';
import { locateValohaiYaml } from './project-dir.ts';

export type ProjectFile =
  | { readonly ok: true; readonly file: string; readonly display: string; readonly text: string }
  /** The file is there but is not text: a located diagnostic, not a usage error. */
  | { readonly ok: true; readonly file: string; readonly display: string; readonly text: undefined; readonly diagnostic: Diagnostic }
  | { readonly ok: false; readonly message: string };

const MAX_READ_BYTES = 64 * 1024 * 1024;

/** PATH is a valohai.yaml or a folder holding one. */
export function readProjectFile(path: string, cwd = process.cwd()): ProjectFile {
  const found = locateValohaiYaml(path, cwd);
  if (!found.ok) return found;
  const { file } = found;
  const stat = statSync(file);
  if (!stat.isFile()) return { ok: false, message: `${relative(cwd, file) || file}: not a regular file` };
  const display = relative(cwd, file).startsWith('..') ? file : relative(cwd, file) || file;
  if (stat.size > MAX_READ_BYTES) {
    return { ok: true, file, display, text: undefined, diagnostic: documentDiagnostic(`File is too large (${Math.round(stat.size / 1024 / 1024)} MiB) to be a valohai.yaml`, 'file-too-large') };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { ok: false, message: `${display}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const decoded = decodeYamlBytes(bytes);
  if (decoded.ok) return { ok: true, file, display, text: decoded.text };
  return { ok: true, file, display, text: undefined, diagnostic: documentDiagnostic(decoded.message, decoded.code) };
}

export function importProjectFile(project: Extract<ProjectFile, { ok: true }>): ImportResult | { readonly diagnostics: readonly Diagnostic[]; readonly config: undefined } {
  if (project.text === undefined) return { diagnostics: [project.diagnostic], config: undefined };
  return importValohaiYaml(project.text);
}
