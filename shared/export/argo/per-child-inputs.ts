/**
 * An input default that names a parameter (`s3://data/{parameter:fold}/train.csv`, or a wildcard
 * one, `s3://data/{parameter:fold}/*.csv`) on a task
 * whose children differ in it (a sweep over `fold`, a pipeline parameter's list): each child
 * fetches its own file, as on Valohai. The children share one template, so what differs among
 * their URLs (the bucket, the key, the file name…) becomes a template parameter, `{{inputs.
 * parameters.NAME}}` in the artifact, which each child's DAG task gives its own value of.
 */
import type { KeepDirectories } from '../../valohai/model/input.ts';
import type { Download, TemplateDownload } from './node-template.ts';
import { FETCHED } from './prelude.ts';

/** A template parameter each child gives its own value of, in the children's order. */
export interface PerChild {
  readonly name: string;
  readonly values: readonly string[];
}

/** A wildcard URL's bucket folder, and its pattern from the bucket's root (workflow.ts's BucketMatches). */
type Matches = { readonly kind: 'matches'; readonly folder: Download; readonly root: string; readonly pattern: string };
type Found = Download | Matches | { readonly unsupported: string } | undefined;

/**
 * The download for the children's URLs (one per child), with the parameters it takes; undefined
 * where they are not all one kind (single files, or a bucket folder's matches) an artifact can
 * fetch (a path in the repository, a Valohai reference): the caller takes the first child's then,
 * and says so.
 */
export function perChildDownload(
  founds: readonly Found[],
  spec: { readonly artifact: string; readonly input: string; readonly optional: boolean; readonly keep: KeepDirectories; readonly file: (from: Download) => string },
): { readonly download: TemplateDownload; readonly parameters: readonly PerChild[] } | undefined {
  const usable = founds.filter((f): f is Download | Matches => f !== undefined && !('unsupported' in f));
  const first = usable[0];
  if (first === undefined || usable.length !== founds.length || usable.some((f) => f.kind !== first.kind)) return undefined;
  const parameters: PerChild[] = [];
  // Each field the same for all children is written as it is; one that differs is a parameter.
  const field = (name: string, values: readonly string[]): string => {
    const [one] = values;
    if (one !== undefined && values.every((v) => v === one)) return one;
    const parameter = `${spec.artifact}-${name}`;
    parameters.push({ name: parameter, values });
    return `{{inputs.parameters.${parameter}}}`;
  };
  const sourceOf = (downloads: readonly Download[]): Download | undefined => {
    const [one] = downloads;
    if (one === undefined || downloads.some((d) => d.kind !== one.kind)) return undefined;
    const of = <K extends string>(key: K): string[] => downloads.map((d) => String((d as unknown as Record<K, string>)[key]));
    if (one.kind === 'http') return { kind: 'http', url: field('url', of('url')) };
    if (one.kind === 'azure') return { kind: 'azure', account: field('account', of('account')), container: field('container', of('container')), blob: field('blob', of('blob')) };
    return { kind: one.kind, bucket: field('bucket', of('bucket')), key: field('key', of('key')) };
  };
  if (first.kind === 'matches') {
    // The children's bucket folders, fetched whole, and each child's pattern taken from its own.
    const all = usable as readonly Matches[];
    const from = sourceOf(all.map((m) => m.folder));
    if (from === undefined) return undefined;
    const pattern = field('pattern', all.map((m) => `${m.root}${m.pattern}`));
    return { download: { kind: 'matches', artifact: spec.artifact, from, optional: spec.optional, take: { input: spec.input, from: `${FETCHED}/${spec.artifact}`, pattern, keep: spec.keep, outputs: false } }, parameters };
  }
  const downloads = usable as readonly Download[];
  const from = sourceOf(downloads);
  if (from === undefined) return undefined;
  const file = field('file', downloads.map(spec.file));
  return { download: { kind: 'file', artifact: spec.artifact, input: spec.input, file, from, optional: spec.optional }, parameters };
}
