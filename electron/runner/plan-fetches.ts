/**
 * What `plan` says of a node's inputs from the network (http(s)://, s3://, gs://, azure://): fetched
 * as the node starts, which needs the network then, or kept in `.pipewright/downloads/` from an
 * earlier fetch, which a run checks for a newer version and, offline, uses as it is (kept-copy.ts).
 * Said before the run so that a machine about to go offline (a train, a flight) fetches first.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inputUrlWith, parametersIn, urlsPerChild } from '../../shared/run/input-url.ts';
import { edgesByTarget, isDownloaded, type RunPlan } from '../../shared/run/plan.ts';
import { urlFolder } from './files/kept-copy.ts';
import { STATE_DIR } from './store/database.ts';

/** Per node that will run, a line per input URL it fetches. */
export function fetchNotes(plan: RunPlan, projectDir: string, runs: (node: string) => boolean): Map<string, string[]> {
  const downloads = join(projectDir, STATE_DIR, 'downloads');
  const into = edgesByTarget(plan.edges);
  const notes = new Map<string, string[]>();
  for (const node of plan.nodes) {
    if (node.kind === 'deployment' || !runs(node.name)) continue;
    const fed = new Set((into.get(node.name) ?? []).filter((e) => e.target.type === 'input').map((e) => e.target.key));
    const lines: string[] = [];
    for (const input of node.step.inputs) {
      if (fed.has(input.name) && node.edgeMergeMode === 'replace') continue;
      for (const written of input.defaults) {
        const urls = node.kind === 'task' ? urlsPerChild(written, node.values, node.step.parameters) : [inputUrlWith(written, node.values, node.step.parameters)];
        // (One a run fills as it goes, from an edge or a sweep's child, is known only then.)
        for (const url of urls.filter((u) => isDownloaded(u) && parametersIn(u).length === 0)) {
          lines.push(kept(downloads, url) ? `input ${input.name}: ${url} was fetched before: the copy kept is used (checked first for a newer version, where the network and the server allow)` : `input ${input.name}: ${url} is fetched as ${node.name} starts (the network is needed then)`);
        }
      }
    }
    if (lines.length > 0) notes.set(node.name, lines);
  }
  return notes;
}

/** Whether an earlier fetch left the URL's copy (a download's file; a bucket's files or listing), not only a part of it. */
function kept(downloads: string, url: string): boolean {
  const folder = urlFolder(downloads, url);
  if (/^https?:/i.test(url)) return existsSync(join(folder, basename(new URL(url).pathname) || 'download'));
  try {
    return readdirSync(folder).some((name) => !/\.part(\.json)?$/.test(name));
  } catch {
    return false;
  }
}
