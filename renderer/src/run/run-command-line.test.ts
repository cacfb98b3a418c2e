import { describe, expect, it } from 'vitest';
import { runCommandLine } from './run-command-line.ts';

describe("the command line of a run Run with… describes", () => {
  it('says each choice as pipewright run takes it, quoted for a POSIX shell, a token read from the shell', () => {
    expect(
      runCommandLine({
        pipeline: 'train-and-ship',
        parameters: { rows: '500', tags: ['a b', "it's"] },
        inputs: { preprocess: { raw: ['data/raw.csv', 's3://bucket/more/*.csv'] } },
        environment: { DATA_TAG: 'q4', HF_TOKEN: 'hf_secret' },
        cache: true,
        container: false,
      }),
    ).toBe(
      "pipewright run --pipeline train-and-ship --param rows=500 --param 'tags=a b' --param 'tags+=it'\"'\"'s' --node-input preprocess.raw=data/raw.csv --node-input 'preprocess.raw+=s3://bucket/more/*.csv' --env DATA_TAG=q4 --env HF_TOKEN=\"$HF_TOKEN\" --cache",
    );
  });

  it('names a step or task run alone as run --step/--task does, its inputs by their own names', () => {
    expect(runCommandLine({ pipeline: 'step:score', parameters: {}, inputs: { score: { model: ['m.pkl'], extra: [] } }, environment: {}, cache: false, container: true })).toBe('pipewright run --step score --input model=m.pkl --input extra= --container');
  });
});
