import { describe, expect, it } from 'vitest';
import { publicHttpsOf } from './bucket-https.ts';

describe('a cloud store URL as the https address a public bucket also serves it at', () => {
  it('names it for S3, Google Cloud Storage and Azure, encoded, and not for a wildcard or another scheme', () => {
    expect(publicHttpsOf('s3://dd-sample-bucket/mistral/gem viggo/train.csv')).toBe('https://dd-sample-bucket.s3.amazonaws.com/mistral/gem%20viggo/train.csv');
    expect(publicHttpsOf('gs://bucket/k/x.bin')).toBe('https://storage.googleapis.com/bucket/k/x.bin');
    expect(publicHttpsOf('azure://account/container/dir/f.txt')).toBe('https://account.blob.core.windows.net/container/dir/f.txt');
    expect(publicHttpsOf('s3://bucket/images/*.jpg')).toBeUndefined();
    expect(publicHttpsOf('s3://bucket')).toBeUndefined();
    expect(publicHttpsOf('swift://project/container/key')).toBeUndefined();
  });
});
