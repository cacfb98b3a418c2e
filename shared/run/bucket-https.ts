/**
 * The https:// address a cloud store's object also has when its bucket is public (Amazon S3,
 * Google Cloud Storage, Azure Blob Storage): a run here fetches http(s), not the stores' own
 * schemes, so a refusal of `s3://bucket/key` can name the address that may work instead. A
 * wildcard has none (https lists nothing).
 */
import { hasWildcard } from './valohai-glob.ts';

const STORES: readonly (readonly [RegExp, (first: string, rest: string) => string])[] = [
  [/^s3:\/\/([^/]+)\/(.+)$/i, (bucket, key) => `https://${bucket}.s3.amazonaws.com/${key}`],
  [/^gs:\/\/([^/]+)\/(.+)$/i, (bucket, key) => `https://storage.googleapis.com/${bucket}/${key}`],
  [/^azure:\/\/([^/]+)\/(.+)$/i, (account, path) => `https://${account}.blob.core.windows.net/${path}`],
];

export function publicHttpsOf(url: string): string | undefined {
  if (hasWildcard(url)) return undefined;
  for (const [pattern, address] of STORES) {
    const match = pattern.exec(url);
    if (match) return encodeURI(address(match[1] as string, match[2] as string));
  }
  return undefined;
}
