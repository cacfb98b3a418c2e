/**
 * An input default that names a parameter (`s3://data/{parameter:fold}/train.csv`) on a task
 * whose children differ in it (a sweep over `fold`, a pipeline parameter's list): each child
 * fetches its own file, as on Valohai. The children share one template, so what differs among
 * their URLs (the bucket, the key, the file name…) becomes a template parameter, `{{inputs.
 * parameters.NAME}}` in the artifact, which each child's DAG task gives its own value of.
 */
import type { Download, TemplateDownload } from './node-template.ts';

/** A template parameter each child gives its own value of, in the children's order. */
export interface PerChild {
  readonly name: string;
  readonly values: readonly string[];
}

type Found = Download | { readonly kind: 'matches' } | { readonly unsupported: string } | undefined;

/**
 * The download for the children's URLs (one per child), with the parameters it takes; undefined
 * where they are not all one kind of single file an artifact can fetch (a wildcard, a path in the
 * repository, a Valohai reference): the caller takes the first child's then, and says so.
 */
export function perChildDownload(
  founds: readonly Found[],
  spec: { readonly artifact: string; readonly input: string; readonly optional: boolean; readonly file: (from: Download) => string },
): { readonly download: TemplateDownload; readonly parameters: readonly PerChild[] } | undefined {
  const downloads = founds.filter((f): f is Download => f !== undefined && !('unsupported' in f) && f.kind !== 'matches');
  const first = downloads[0];
  if (first === undefined || downloads.length !== founds.length || downloads.some((d) => d.kind !== first.kind)) return undefined;
  const parameters: PerChild[] = [];
  // Each field the same for all children is written as it is; one that differs is a parameter.
  const field = (name: string, values: readonly string[]): string => {
    const [one] = values;
    if (one !== undefined && values.every((v) => v === one)) return one;
    const parameter = `${spec.artifact}-${name}`;
    parameters.push({ name: parameter, values });
    return `{{inputs.parameters.${parameter}}}`;
  };
  const of = <K extends string>(key: K): string[] => downloads.map((d) => String((d as unknown as Record<K, string>)[key]));
  const from: Download =
    first.kind === 'http'
      ? { kind: 'http', url: field('url', of('url')) }
      : first.kind === 'azure'
        ? { kind: 'azure', account: field('account', of('account')), container: field('container', of('container')), blob: field('blob', of('blob')) }
        : { kind: first.kind, bucket: field('bucket', of('bucket')), key: field('key', of('key')) };
  const file = field('file', downloads.map(spec.file));
  return { download: { kind: 'file', artifact: spec.artifact, input: spec.input, file, from, optional: spec.optional }, parameters };
}
