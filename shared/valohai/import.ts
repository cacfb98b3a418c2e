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
import { UNQUOTED_COLON_HINT } from './validate/schema-check.ts';
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
 * A line holding ": " left unquoted where text was wanted (`- echo '{"rows": 2}'`, read as a map of
 * one key; schema-check says so): its fix writes the line, as typed on one line, in quotes.
 */
function withQuoteFix(source: LoadedYaml, finding: Finding): Finding {
  if (finding.fix !== undefined || !finding.message.endsWith(UNQUOTED_COLON_HINT) || source.doc === undefined) return finding;
  const node = source.doc.getIn(finding.path, true);
  const pair = isMap(node) && node.flow !== true && node.items.length === 1 ? node.items[0] : undefined;
  const [key, value] = [pair?.key, pair?.value];
  if (!isScalar(key) || !isScalar(value) || !key.range || !value.range) return finding;
  // (From its key to its value's end: not a comment after it.)
  const line = source.text.slice(key.range[0], value.range[1]);
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
