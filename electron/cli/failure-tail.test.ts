import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import { failureHints, failureTail, FailureTails } from './failure-tail.ts';

const out = (text: string) => ({ stream: 'stdout' as const, text });
const err = (text: string) => ({ stream: 'stderr' as const, text });
const steps = [1, 2, 3, 4, 5, 6, 7].map((i) => out(`step ${i}`));

describe('the lines shown under a failed step', () => {
  it('end with its error even when its last stdout lines were read after it', () => {
    // Two channels, no guaranteed order: the error may be logged before the lines printed before it.
    const expected = ['step 4', 'step 5', 'step 6', 'step 7', 'ValueError: bad rate'];
    expect(failureTail([...steps, err('ValueError: bad rate')], 5).map((l) => l.text)).toEqual(expected);
    expect(failureTail([err('ValueError: bad rate'), ...steps], 5).map((l) => l.text)).toEqual(expected);
    expect(failureTail(steps, 3).map((l) => l.text)).toEqual(['step 5', 'step 6', 'step 7']);
  });

  it('keep the error in the run view too, from the live log events', () => {
    const tails = new FailureTails();
    const at = { runId: '1', at: 0, node: 'n', executionId: '1.1' };
    const log = (lines: { stream: 'stdout' | 'stderr'; text: string }[]): RunEvent => ({ type: 'node:log', ...at, lines: lines.map((l) => ({ ...l, t: 0 })) });
    tails.see(log([err('Traceback: boom')]));
    tails.see(log([...steps, ...steps, out('last')]));
    const shown = tails.finished({ type: 'execution:finish', ...at, status: 'failed', exitCode: 1, outputsDir: '/x' });
    expect(shown).toHaveLength(10);
    expect(shown.at(-1)).toBe('    │ Traceback: boom');
    expect(shown.at(-2)).toBe('    │ last');
  });
});

describe('the hints under a failed step', () => {
  it("say that a command the shell could not find is missing on this machine (the step's image is not used here)", () => {
    const say = (name: string, instead = '') => `    hint: "${name}" is not a command on this machine: a run here runs the step's commands on this machine, not in its image; install it here${instead}, or run the step in its image: pipewright run --container, or "Run each step in its image" under Run with…`;
    expect(failureHints(['sh: 1: torchrun: not found'])).toEqual([say('torchrun')]);
    expect(failureHints(['bash: line 1: nvcc-x: command not found'])).toEqual([say('nvcc-x')]);
    // A GPU step's nvidia-smi line: no driver here, which installing one command does not give.
    expect(failureHints(['/bin/sh: 1: nvidia-smi: not found'])).toEqual([
      "    hint: \"nvidia-smi\" comes with NVIDIA's GPU driver, which this machine lacks: here the step has no GPU; take the nvidia-smi line out to run it without, or run it on a machine with an NVIDIA GPU",
    ]);
    // Bash's own words under /bin/sh (Valohai's uv example: source .venv/bin/activate).
    expect(failureHints(['/bin/sh: 1: source: not found'])).toEqual([
      '    hint: "source" is bash\'s, and the step\'s commands run under /bin/sh, which here does not know it (dash, as on Debian and Ubuntu): write "." for "source" (. .venv/bin/activate)',
    ]);
    expect(failureHints(['sh: 3: [[: not found'])[0]).toContain("\"[[\" is bash's, and the step's commands run under /bin/sh");
    expect(failureHints(["mkdir: cannot create directory ‘/p/checkpoints/’: File exists"])[0]).toMatch(/^ {4}hint: \/p\/checkpoints\/ is already there: a run here works in the project folder itself/);
    expect(failureHints(['/bin/sh: 1: [: True: unexpected operator'])).toEqual(["    hint: a test [ … ] compared with ==, which is bash's: /bin/sh here (dash) knows only =, so the test was false; write [ A = B ]"]);
    // python missing while python3 is here (Debian's default): says so, with PATH as the steps get it.
    const bin = mkdtempSync(join(tmpdir(), 'pipewright-bin-'));
    writeFileSync(join(bin, 'python3'), '#!/bin/sh\n', { mode: 0o755 });
    const path = process.env['PATH'];
    process.env['PATH'] = bin;
    try {
      expect(failureHints(['/bin/sh: 1: python: not found'])).toEqual([say('python', ', or call python3 (which is here)')]);
    } finally {
      process.env['PATH'] = path;
    }
    expect(failureHints(['FileNotFoundError: data.csv not found in the bucket'])).toEqual([]);
    expect(failureHints(['Traceback (most recent call last):', "ModuleNotFoundError: No module named 'torch.nn'"])).toEqual([
      `    hint: Python module "torch.nn" is not installed where the command runs: a run here uses this machine's Python, not the step's image; install it there (pip install torch, or in the virtual environment the command uses), or run the step in its image: pipewright run --container, or "Run each step in its image" under Run with…`,
    ]);
    expect(failureHints(["ModuleNotFoundError: No module named 'cv2'"])[0]).toContain('(pip install opencv-python,');
    // valohai-utils is imported as valohai; protobuf as google.protobuf.
    expect(failureHints(["ModuleNotFoundError: No module named 'valohai'"])[0]).toContain('(pip install valohai-utils,');
    expect(failureHints(["ModuleNotFoundError: No module named 'google.protobuf'"])[0]).toContain('(pip install protobuf,');
    // A Valohai step's `pip install` meets Debian's system Python (PEP 668).
    expect(failureHints(['error: externally-managed-environment', '× This environment is externally managed'])).toEqual([
      "    hint: this machine's Python refuses pip installs into itself (PEP 668): make a virtual environment (python3 -m venv .venv && . .venv/bin/activate) and run from that shell; in the step's image the install would have gone into the container",
    ]);
    // A step written for a distributed task, run as one execution.
    expect(failureHints(["FileNotFoundError: [Errno 2] No such file or directory: '/valohai/config/distributed.json'"])).toEqual([
      '    hint: config/distributed.json is written for the workers of a distributed task: add a task with type: distributed and execution-count: N for this step, and run it with pipewright run --task NAME (or as a task node)',
    ]);
    // A step that calls Valohai's API (a dataset update, say) finds no token here.
    expect(failureHints(['    valohai_api_token = os.environ["VH_API_TOKEN"]', "KeyError: 'VH_API_TOKEN'"])).toEqual([
      "    hint: the step calls Valohai's API with VH_API_TOKEN, which Valohai can give its executions; a run here passes it only from the shell that starts the run (export VH_API_TOKEN=… with a token from your Valohai account), and what it changes is on Valohai, not here",
    ]);
  });

  it("say that pip could not reach its index (a step's pip install on a machine offline), not only that the package is missing", () => {
    const offline = [
      "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f0094d84710>: Failed to establish a new connection: [Errno -2] Name or service not known')': /simple/evaluate/",
      'ERROR: Could not find a version that satisfies the requirement evaluate (from versions: none)',
      'ERROR: No matching distribution found for evaluate',
    ];
    expect(failureHints(offline)).toEqual([
      '    hint: pip could not reach its package index (no connection, or its host name did not resolve), so "evaluate" was not found: install the step\'s packages here once while online (pip then finds them installed and asks the index nothing), or point pip at an index or wheels this machine has (PIP_INDEX_URL, PIP_FIND_LINKS)',
    ]);
    expect(failureHints(offline, true)[0]).toContain("the container's pip could not reach its package index");
    // A name pip's index does not have, reached: no hint (the name is the step's to fix).
    expect(failureHints(offline.slice(1))).toEqual([]);
    // A pinned build from an --index-url it could not reach (valohai/NVIDIA-MONAI-Valohai's torch==2.2.1+cu118): pip says it conflicts.
    const pinned = [
      "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7fd1ea05b2d0>: Failed to establish a new connection: [Errno -2] Name or service not known')': /whl/cu118/torch/",
      'ERROR: Cannot install torch==2.2.1+cu118 because these package versions have conflicting dependencies.',
      'ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts',
    ];
    expect(failureHints(pinned)).toEqual([expect.stringContaining('pip could not reach its package index (no connection, or its host name did not resolve), so "torch==2.2.1+cu118" was not found')]);
    expect(failureHints(pinned.slice(1))).toEqual([]);
  });

  it("say that a program named by a path outside the project is likely the image's, and how to run the step in it", () => {
    const say = (path: string) => `    hint: ${path} is not on this machine: a file outside the project that the step's image likely has (Valohai runs the command in it); run the step in its image: pipewright run --container, or "Run each step in its image" under Run with…`;
    expect(failureHints(["/usr/bin/python: can't open file '/nimue/main.py': [Errno 2] No such file or directory"])).toEqual([say('/nimue/main.py')]);
    expect(failureHints(['/bin/sh: 1: /opt/conda/bin/run.sh: not found'])).toEqual([say('/opt/conda/bin/run.sh')]);
    expect(failureHints(['bash: /app/entry.sh: No such file or directory'])).toEqual([say('/app/entry.sh')]);
    expect(failureHints(["Fatal error: cannot open file '/srv/fit.R': No such file or directory"])).toEqual([say('/srv/fit.R')]);
    // Not of Valohai's own folders (said otherwise), not a relative path, and not in the image.
    expect(failureHints(["python3: can't open file '/valohai/repository/x.py': [Errno 2]"]).join()).not.toContain('not on this machine');
    expect(failureHints(["python3: can't open file 'train.py': [Errno 2] No such file or directory"])).toEqual([]);
    expect(failureHints(["/usr/bin/python: can't open file '/nimue/main.py': [Errno 2] No such file or directory"], true)).toEqual([]);
  });

  it('say, of a step run in its image (--container), what the image lacks, and nothing about this machine', () => {
    expect(failureHints(['sh: 1: torchrun: not found'], true)).toEqual(['    hint: "torchrun" is not a command in the step\'s image: use an image that has it, or install it in the command']);
    expect(failureHints(['/bin/sh: 1: nvidia-smi: not found'], true)).toEqual([`    hint: NVIDIA's container toolkit puts "nvidia-smi" in a container together with the GPUs it gives, and the step's container got neither: run it on a machine with an NVIDIA GPU and the toolkit, or take the nvidia-smi line out`]);
    expect(failureHints(["ModuleNotFoundError: No module named 'cv2'"], true)).toEqual([
      '    hint: Python module "cv2" is not installed in the step\'s image: use an image that has it, or pip install opencv-python in the command (before the line that needs it)',
    ]);
    expect(failureHints(['/bin/sh: 1: source: not found'], true)).toEqual(['    hint: "source" is bash\'s, and the step\'s commands run under /bin/sh, which in its image does not know it: write "." for "source" (. .venv/bin/activate)']);
    expect(failureHints(['error: externally-managed-environment', "open('/valohai/inputs/x') No such file"], true)).toEqual([]);
    expect(failureHints(['PermissionError: [Errno 13] Permission denied', "FileNotFoundError: '/valohai/config/distributed.json'"], true)).toHaveLength(2);
  });
});
