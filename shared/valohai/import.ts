/**
 * valohai.yaml text → model + located diagnostics. Never throws, whatever the input: syntax
 * errors, wrong shapes, alias bombs and absurd sizes all come back as diagnostics.
 */
import { isMap, isScalar } from 'yaml';
import type { Diagnostic, Finding } from './diagnostic.ts';
import { sortDiagnostics } from './diagnostic.ts';
import type { ValohaiConfig } from './model/config.ts';
import { EMPTY_CONFIG } from './model/config.ts';
import { documentDiagnostic, loadYaml, type LoadedYaml } from './parse/load-yaml.ts';
import { spanOf } from './parse/locate.ts';
import { notAListFix } from './parse/not-a-list.ts';
import { parseConfig } from './parse/parse-config.ts';
import { validateConfig } from './validate/validate.ts';

export interface ImportResult {
  readonly config: ValohaiConfig;
  /** Sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The parsed text, kept for locating and for lossless edits. */
  readonly source: LoadedYaml;
}

/** A map where the list was meant gets the fix that rewrites it (not-a-list.ts). */
function withListFix(text: string, finding: Finding): Finding {
  if (finding.code !== 'document-not-list') return finding;
  const fix = notAListFix(text);
  return fix ? { ...finding, fix } : finding;
}

/**
 * Text wanted, a map of one key found, written on one line (`- echo '{"rows": 2}'`): the line held
 * ": " and was left unquoted (schema-check says so). Its fix writes that very line as text.
 */
function withQuoteFix(source: LoadedYaml, finding: Finding): Finding {
  if (finding.code !== 'schema-type' || finding.fix !== undefined || source.doc === undefined) return finding;
  const node = source.doc.getIn(finding.path, true);
  if (!isMap(node) || node.flow === true || node.items.length !== 1 || !isScalar(node.items[0]?.value) || !node.range) return finding;
  const line = source.text.slice(node.range[0], node.range[1]).trim();
  if (line.includes('\n')) return finding;
  return { ...finding, fix: { kind: 'set-value', label: `write it in quotes: "${line}"`, path: finding.path, value: line } };
}

function locate(source: LoadedYaml, finding: Finding & { preferKey?: boolean }): Diagnostic {
  const span = spanOf(source.doc, source.lineCounter, finding.path, finding.preferKey ?? false);
  const { preferKey: _omit, ...rest } = finding;
  return { ...rest, ...span };
}

/*
 * The last few imports, by text. An editor asks for the same text many times in a row (each edit
 * reads the text it changes, then the UI reads the result), and a 1000-node file takes ~0.1 s to
 * import. Results are read-only, so sharing them is safe.
 */
const recent: { text: string; result: ImportResult }[] = [];
const RECENT = 3;

export function importValohaiYaml(text: string): ImportResult {
  const hit = recent.find((r) => r.text === text);
  if (hit) return hit.result;
  const result = importUncached(text);
  recent.unshift({ text, result });
  recent.length = Math.min(recent.length, RECENT);
  return result;
}

function importUncached(text: string): ImportResult {
  const source = loadYaml(text);
  if (source.data === undefined) return { config: EMPTY_CONFIG, diagnostics: sortDiagnostics(source.diagnostics), source };
  try {
    const findings: Finding[] = [];
    const config = parseConfig(source.data, findings);
    const all = [...findings, ...validateConfig(source.data, config)].map((f) => locate(source, withQuoteFix(source, withListFix(text, f))));
    return { config, diagnostics: sortDiagnostics([...source.diagnostics, ...all]), source };
  } catch (error) {
    // A bug of ours must not take the user's file down with it.
    const message = error instanceof Error ? error.message : String(error);
    return {
      config: EMPTY_CONFIG,
      diagnostics: [...source.diagnostics, documentDiagnostic(`Pipewright could not check this file (internal error: ${message})`, 'internal-error')],
      source,
    };
  }
}
