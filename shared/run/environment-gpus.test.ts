import { describe, expect, it } from 'vitest';
import { environmentGpus } from './environment-gpus.ts';

describe('GPUs a Valohai environment names', () => {
  it('reads the GPU machines of the clouds Valohai runs on, with their count where the name says it', () => {
    const read = (names: string[]) => names.map((name) => [name, environmentGpus(name)]);
    expect(read(['aws-eu-west-1-p3-2xlarge', 'aws-eu-west-1-g4dn-xlarge', 'aws-us-east-1-p4d-24xlarge', 'azure-westeurope-nc6', 'azure-westeurope-nc24ads-a100-v4'])).toEqual([
      ['aws-eu-west-1-p3-2xlarge', 1],
      ['aws-eu-west-1-g4dn-xlarge', 1],
      ['aws-us-east-1-p4d-24xlarge', 1],
      ['azure-westeurope-nc6', 1],
      ['azure-westeurope-nc24ads-a100-v4', 1],
    ]);
    expect(read(['gcp-europe-west4-n1-standard-4-t4x1', 'gcp-europe-west4-n1-standard-16-v100x4', 'gcp-us-central1-a2-highgpu-4g', 'my-onprem-gpu-box'])).toEqual([
      ['gcp-europe-west4-n1-standard-4-t4x1', 1],
      ['gcp-europe-west4-n1-standard-16-v100x4', 4],
      ['gcp-us-central1-a2-highgpu-4g', 4],
      ['my-onprem-gpu-box', 1],
    ]);
    // The count before the accelerator, as in a public valohai.yaml's environment.
    expect(read(['valohai-gcp-us-central1-12-64000-1xt4', 'gcp-us-central1-4xv100'])).toEqual([
      ['valohai-gcp-us-central1-12-64000-1xt4', 1],
      ['gcp-us-central1-4xv100', 4],
    ]);
    // CPU machines, and none named.
    expect(read(['aws-eu-west-1-c5-xlarge', 'aws-eu-west-1-m5-large', 'gcp-europe-west4-n1-standard-4', 'azure-westeurope-d4s-v3', ''])).toEqual([
      ['aws-eu-west-1-c5-xlarge', 0],
      ['aws-eu-west-1-m5-large', 0],
      ['gcp-europe-west4-n1-standard-4', 0],
      ['azure-westeurope-d4s-v3', 0],
      ['', 0],
    ]);
  });
});
