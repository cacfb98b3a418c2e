import { describe, expect, it } from 'vitest';
import { exportRefusalText, inEditorWords, refusalText } from './refusal-text.ts';

describe('a refused run, in the editor', () => {
  it("says it once, one reason a line, naming what to click rather than the command line's flags", () => {
    const message = [
      'the run cannot start:',
      '  node "train-node": input "matrix" has no default and no edge feeding it (give it one in the file, or for one run: --node-input train-node.matrix=PATH or URL)',
      '  node "a": parameter "p" has no value: pipeline parameter "rate" sets it and has no default (give it one, or for one run: --param rate=VALUE)',
      '  node "a": parameter "q" has no value (give it a default or an edge, or for one run: --node-param a.q=VALUE)',
      '  node "b": input "d" defaults to x.csv, which is not a file on this machine (a path from the project folder); feed it with an edge, or for one run: --node-input b.d=PATH or URL',
    ].join('\n');
    expect(refusalText(message).split('\n')).toEqual([
      'The run cannot start:',
      '  node "train-node": input "matrix" has no default and no edge feeding it (connect an output to it, give it one under Inputs in node train-node’s panel or its step’s, or for one run: Run with… → train-node.matrix)',
      '  node "a": parameter "p" has no value: pipeline parameter "rate" sets it and has no default (give it one, or for one run: Run with… → rate)',
      '  node "a": parameter "q" has no value (give it a default or an edge, or give it one in node a’s panel)',
      '  node "b": input "d" defaults to x.csv, which is not a file on this machine (a path from the project folder); feed it with an edge, or for one run: Run with… → b.d',
    ]);
    expect(refusalText('valohai.yaml has errors')).toBe('The run cannot start: valohai.yaml has errors');
    expect(refusalText('node "t": parameter "epochs" is given 2 values by pipeline parameter "e", but it takes one (make the node a task to run one execution per value, or give the pipeline parameter one value: --param e=VALUE)')).toContain(
      'give the pipeline parameter one value: Run with… → e)',
    );
    // A required environment variable: Run with… has its field, the step's panel its default.
    expect(refusalText('the run cannot start:\n  step "s": environment variable HF_TOKEN is required (optional: false) and has no default: give it for this run (--env HF_TOKEN=…, or in Run with…), set it in the shell that starts the run (export HF_TOKEN=…) or in the project\'s .env (HF_TOKEN=…, kept out of git), or give it a default in the file')).toBe(
      'The run cannot start:\n  step "s": environment variable HF_TOKEN is required (optional: false) and has no default: give it for this run in Run with… → HF_TOKEN, put it in the project’s .env file (HF_TOKEN=…, kept out of git), or give it a default in the step’s panel (edit on the step)',
    );
    // A step run alone: Run with… names its input as its node does.
    expect(refusalText('the run cannot start:\n  step "score": input "model" has no default (give it one in the file, or for one run: --input model=PATH or URL)')).toBe(
      'The run cannot start:\n  step "score": input "model" has no default (give it one under Inputs in the step’s panel, or for one run: Run with… → score.model)',
    );
    // A task run alone the same; "none" for an optional input is Run with…'s box.
    expect(refusalText('the run cannot start:\n  task "sweep": input "extra" defaults to s3://b/x, which Pipewright cannot fetch; for one run: --input extra=PATH or URL (or none: --input extra=)')).toBe(
      'The run cannot start:\n  task "sweep": input "extra" defaults to s3://b/x, which Pipewright cannot fetch; for one run: Run with… → sweep.extra (or none: Run with… → sweep.extra, no files this run)',
    );
    expect(refusalText('the run cannot start:\n  node "train": input "extra" defaults to s3://b/x, which Pipewright cannot fetch; for one run: --node-input train.extra=PATH or URL (or none: --node-input train.extra=)')).toBe(
      'The run cannot start:\n  node "train": input "extra" defaults to s3://b/x, which Pipewright cannot fetch; for one run: Run with… → train.extra (or none: Run with… → train.extra, no files this run)',
    );
  });

  it("names Run with…'s box in a node's failure on an optional input's default", () => {
    expect(inEditorWords('input "dataset": dataset://a_train/latest is a dataset no run here made a version of; the input is optional: --node-input train.dataset= runs the node without it')).toBe(
      'input "dataset": dataset://a_train/latest is a dataset no run here made a version of; the input is optional: “no files this run” for train.dataset in Run with… runs the node without it',
    );
    expect(inEditorWords('input "d": could not download; the input is optional: --input d= runs it without it')).toBe('input "d": could not download; the input is optional: “no files this run” for d in Run with… runs it without it');
  });

  it("says why a pipeline cannot be exported without export's flags, which the editor's button has no box for", () => {
    const message = [
      'the pipeline cannot be exported:',
      '  node "start-cycle": input "predictions" has no default and no edge feeding it (give it one in the file, or for this export: --node-input start-cycle.predictions=PATH or URL)',
      '  node "a": parameter "lr" has no value: pipeline parameter "rate" sets it and has no default (give it one, or for this export: --param rate=VALUE)',
      '  node "a": parameter "seed" has no value (give it a default or an edge, or for this export: --node-param a.seed=VALUE)',
      '  node "a": input "data" defaults to /data/x.csv, which an Argo workflow cannot fetch: it is outside the repository the pods clone; give a path inside the project, or a URL; feed it with an edge, or for this export: --node-input a.data=PATH or URL',
      '  node "a": input "extra" defaults to /data/y.csv, which an Argo workflow cannot fetch: it is outside the repository the pods clone; give a path inside the project, or a URL; feed it with an edge, or for this export: --node-input a.extra=PATH or URL (or none: --node-input a.extra=)',
    ].join('\n');
    expect(exportRefusalText(message).split('\n')).toEqual([
      'The pipeline cannot be exported:',
      '  node "start-cycle": input "predictions" has no default and no edge feeding it (connect an output to it, give it one under Inputs in node start-cycle’s panel or its step’s)',
      '  node "a": parameter "lr" has no value: pipeline parameter "rate" sets it and has no default (give it one)',
      '  node "a": parameter "seed" has no value (give it a default or an edge, or give it one in node a’s panel)',
      '  node "a": input "data" defaults to /data/x.csv, which an Argo workflow cannot fetch: it is outside the repository the pods clone; give a path inside the project, or a URL; feed it with an edge',
      '  node "a": input "extra" defaults to /data/y.csv, which an Argo workflow cannot fetch: it is outside the repository the pods clone; give a path inside the project, or a URL; feed it with an edge',
    ]);
    expect(exportRefusalText('valohai.yaml has errors')).toBe('The pipeline cannot be exported: valohai.yaml has errors');
  });
});
