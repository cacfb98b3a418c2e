/**
 * The `pipewright` command. Every failure ends as a message and an exit code, never as a
 * stack trace: 0 ok, 1 the file (or run) has errors, 2 the command line is wrong, 3 internal error.
 */
import { existsSync } from 'node:fs';
import { endQuietlyOnClosedOutput } from './closed-output.ts';
import type { GraphFormat } from './commands/graph.ts';
import { diskProblem, StateError } from '../runner/store/state-error.ts';
import { errorFormOf, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, refuse, type Io } from './output.ts';
import type { ParseArgsOptionsConfig } from 'node:util';
import { parseOptions, UsageError } from './parse-options.ts';
import { valohaiCommand } from './valohai-options.ts';
import { nearestName } from '../../shared/nearest-name.ts';
import type { RunArgs } from './run-target.ts';

// Each verb's module is loaded when it is asked for: `run` does not pay for the web host's or the
// exporter's code (nor node:http, which loads the whole of undici).
/** The verbs, for "did you mean" after one mistyped. */
const VERBS = ['validate', 'graph', 'run', 'plan', 'export', 'runs', 'show', 'logs', 'approve', 'reject', 'cancel', 'resume', 'serve', 'endpoint', 'data', 'machine', 'prune', 'add-step', 'help'];

export const HELP = `pipewright: edit and run Valohai pipelines on this workstation

Usage:
  pipewright validate [PATH] [--fix] [--json]
      Check a valohai.yaml (PATH: the file, or a folder holding one; default .).
      Prints "file:line:col severity message" lines; --json prints
      {"file", "diagnostics":[{"severity","code","message","line","column",...}]}, with a
      "fix" on each that says what was meant ("did you mean"). --fix makes those fixes,
      writes the file (only the slipped names change) and reports what is left.
  pipewright graph [PATH] [--pipeline NAME] [--format text|mermaid|json] [--json]
      Without --pipeline: list the pipelines. With it: the nodes level by level
      (nodes on one level can run together); --format mermaid prints a diagram;
      --json prints {"pipeline","levels":[["a","b"],["c"]]}.

  pipewright run [PATH] --pipeline NAME [--param k=v] [--param k+=v] [--node-param node.k=v]
                 [--node-input node.input=URL] [--env NAME=VALUE]
                 [--reuse RUN:node1,node2 | --reuse latest:node1] [--cache] [--container] [--jobs N] [--json] [--verbose]
      Run a pipeline on this machine. --param sets a pipeline parameter (k+=v builds a list),
      --node-param one node's parameter, --node-input one node's input files (a path or URL in
      place of its defaults; += adds another; node.input= with nothing gives an optional input
      no files); --reuse takes those nodes' results from an earlier run (names or globs,
      as Valohai's CLI takes them: latest:prep* takes every finished node prep* matches);
      --cache reuses any earlier execution with the same step, command, parameters, input
      files and code (on by default where the pipeline says reuse-executions: true);
      --env gives every step an environment variable for this run (a declared one's default
      replaced, another added; valohai.yaml is not changed, so a token stays out of it).
      --jobs caps the cores used. --json prints the run's events as NDJSON.
      --container runs each step in its image, as Valohai does, with Docker (if its daemon
      answers) or Podman (PIPEWRIGHT_CONTAINER_RUNTIME=docker|podman chooses): the project at
      /valohai/repository, the execution's inputs/, outputs/ and config/ at /valohai/…, the
      step's variables and VH_* set, nothing else of this machine's; GPUs given by the runtime.
      Without it, commands run on this machine. A resume runs where the run ran.
      Without --pipeline: the file's only pipeline (or, in a file of steps alone, its only step).
      Input files: local paths and wildcards (* reaches into subfolders, as on Valohai), file://
      and http(s):// URLs, s3:// URLs and wildcards where the AWS CLI is installed (fetched with
      it: your credentials, profile and AWS_ENDPOINT_URL), gs:// and azure://ACCOUNT/CONTAINER/PATH
      URLs and wildcards (signed in as your gcloud or az is, or with GOOGLE_OAUTH_ACCESS_TOKEN,
      AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_KEY or AZURE_STORAGE_CONNECTION_STRING, else
      anonymously), datum://ALIAS and dataset://NAME/VERSION
      (outputs this project's runs named in FILE.metadata.json), and
      pipewright://RUN/NODE/EXECUTION/outputs/PATH (any stored output, as inputs.json names it).
  pipewright run [PATH] --step NAME [--param k=v] [--input NAME=URL] [--env NAME=VALUE] [--cache] [--container] [--jobs N] [--json]
      Run one step alone, as "vh exec run STEP" does (a run named step:NAME, its node named
      after the step): --param sets the step's parameter (several values, k=a --param k+=b: one
      execution each, a sweep, as vh exec run makes a task of them), --input its input's files.
  pipewright run [PATH] --task NAME [--param k=v] [--input NAME=URL] [--env NAME=VALUE] [--cache] [--container] [--jobs N] [--json]
      Run one of the file's top-level tasks alone (a run named task:NAME, its node named after
      the task): its children as the task's variants, parameter-sets or execution-count make
      them; --param gives every child that value of the step's parameter.
  pipewright plan [PATH] --pipeline NAME | --step NAME | --task NAME [same flags as run] [--json]
      Per node: will it run or be reused, and why; how many executions a sweep runs and what
      its actions will do (an approval to wait for, a condition that stops the pipeline); what
      its datum:// and dataset:// inputs name (one made of a parameter an edge sets: from what,
      and which names kept here fit it); the inputs it fetches from the network as it starts
      (or took before, kept); then the
      warnings run would say as it starts. --json: {"cache","nodes","warnings"}.
  pipewright export [PATH] --pipeline NAME | --step NAME | --task NAME [--to argo] [--param k=v] [--node-param node.k=v]
                    [--node-input node.input=URL] [--repository URL] [--revision REF] [--json]
      Print the pipeline as an Argo Workflow (YAML; --json: {"workflow","warnings"}) to run on
      Kubernetes: one pod per execution in the step's image, the code cloned from the project's
      git remote at its commit, files passed as artifacts, approvals as suspend steps, pick: max|min
      by a picker pod, a node's actions (if: on its metadata) by a check pod after it, metadata
      into parameters by a values pod before it, a step's stop-condition by a watcher in its pod.
      What only a run can know (a sweep spread by metadata, a task's stop-condition) is said as
      warnings.
  pipewright add-step SCRIPT [--project PATH] [--name NAME] [--image IMAGE] [--command NAME] [--json]
      Add a step to valohai.yaml (made where there is none) that runs a Python script, with the
      parameters and inputs it declares (argparse and click options, the function typer or
      fire runs, a Hydra app's config, valohai-utils' valohai.prepare), each passed as the
      script reads it; what has no Valohai form is said and left out. Of a script of several
      commands (argparse subparsers, a click group, a typer app), --command names the one the
      step runs (python3 SCRIPT NAME {parameters}) and its options are read. A step of that name
      (NAME, prepare's step=, the command's, or the script's name) that runs the script gets
      what it lacks of them, and the environment variables it reads. --json prints
      {"file","step","created","command","parameters","inputs","environment","notes"}.
  pipewright resume RUN [--project PATH] [--jobs N] [--json]
      Continue an interrupted or failed run from its last finished nodes (--jobs: as the run had it, unless given).
  pipewright runs [--pipeline NAME] [--limit N | --all] [--project PATH] [--json]
      The runs of this project (of one pipeline), newest first: the newest 100 unless told,
      a line on stderr saying how many more there are. --json prints
      {"runs":[{"id","pipeline","status","createdAt","finishedAt","error"}],"total"}.
  pipewright data [--project PATH] [--json]          The names its runs gave outputs, and what each
      names now: datum://ALIAS and dataset://NAME/VERSION, which inputs may name (--json:
      {"aliases":[{"alias","path","run","node","execution","at","earlier"}],
       "datasets":[{"dataset","version","files","runs","at","aliases"}]}).
  pipewright data add datum://ALIAS FILE | dataset://NAME/VERSION FILE_OR_FOLDER… [--project PATH] [--json]
      Name files of this machine as a run's outputs are named, so that inputs naming data kept
      on Valohai (datum://ALIAS, a datum id, dataset://NAME/VERSION) take them here, the file
      unchanged: a run of one step ("data add NAME") copies them into the project's store (a
      folder's files keep their paths under the folder's name); --json: its events, as run's.
  pipewright show RUN [--project PATH] [--json]      A run's nodes, executions, metadata, outputs.
      (--json: each output's "uri", pipewright://RUN/NODE/EXECUTION/outputs/PATH, is what
      --input NAME= and --node-input take to feed it to a later run)
  pipewright logs RUN [NODE | EXECUTION] [--follow] [--project PATH] [--json]
      (NODE: not needed for a run of one node; EXECUTION: one execution's id, as show lists them: 1.3)
  pipewright approve RUN [NODE] [--comment TEXT] [--by NAME] [--project PATH]
  pipewright reject RUN [NODE] [--comment TEXT] [--by NAME] [--project PATH]
      (NODE: not needed when one node of the run waits for approval)
  pipewright endpoint [NAME] [--port N] [--project PATH]
      Serve an endpoint of valohai.yaml from the project folder as it is (no run; the files a
      deployment would place must be there), in the foreground, as below; NAME may be left out
      where the file has one endpoint.
  pipewright endpoint RUN NODE [ENDPOINT] [--port N] [--project PATH]
      Serve on this machine, in the foreground, an endpoint a run's deployment node made ready
      (its files from the pipeline placed at their paths beside the project's code): its wsgi
      callable on 127.0.0.1 (its port, or --port), or its server-command ($PORT set). Ctrl+C stops it.
  pipewright cancel RUN [--project PATH]
      RUN is a run number, or "latest" for the newest run.
  pipewright prune [--keep N] [--older-than DAYS] [--downloads] [--dry-run] [--project PATH] [--json]
      Remove old runs with their execution folders, logs and the stored outputs no other run
      uses: beyond the newest N of each pipeline and/or created more than DAYS days ago. A run
      stays whose results a kept run reuses, whose outputs a datum:// alias or a dataset's newest
      version names, or which an unfinished kept run took inputs from (each said, with --json
      in "kept"); nothing is removed while a run is running. The partial downloads of
      runners killed mid-fetch go too. --downloads also removes the copies of input URLs kept
      in .pipewright/downloads (runs that read them keep their own links; the next run fetches
      them again). --json prints {"pruned","kept","freedBytes","downloadsBytes","dryRun"}.
  pipewright machine [--json]
      What a run here may use: cores, memory, and each GPU (nvidia-smi's, kept to those a
      CUDA_VISIBLE_DEVICES set here names) with the run that holds it now. --json prints
      {"cpus","memoryMb","gpus":[{"index","heldBy":{"run","project","pid"}|null}],"note",
       "container":{"available":true,"runtime","version"}|{"available":false,"why"}}; the last
      line says what run --container would run steps with.
  pipewright serve [PATH] [--port N] [--json]
      Serve the editor to a browser on 127.0.0.1 (port N, default: a free one) and print its
      URL, which carries a one-time token; runs until Ctrl+C. Over SSH: ssh -L 8080:127.0.0.1:N
      host, then open the URL with port 8080. --json prints {"url","project"}. In a checkout
      where the app was never built, it builds it once first. A folder without valohai.yaml
      opens as a new file, created on the first save.
  pipewright help | --help     This text.
  pipewright --version         The version.

With --json, an error that ends a command is also said on stdout (as well as on stderr), as
{"error":{"code":"usage"|"failed"|"internal","message"}} (graph: "invalid" for a cycle;
run, resume and logs: as one line of their NDJSON).

Exit codes:
  0    done; the file has no errors (warnings allowed); the run succeeded
  1    the file has errors (validate), the pipeline has a cycle (graph), the run failed
       or cannot start (run, resume), the request cannot be met (approve, cancel, prune)
  2    usage error: unknown command or flag, no such file, no valohai.yaml, unknown
       pipeline, run or node
  3    internal error in Pipewright (please report it)
  4    the run was stopped: by an action's condition, or an approval was rejected
  130  the run was cancelled (Ctrl+C), or stopped by SIGTERM or SIGHUP or by its output's
       reader quitting (run | head): pipewright resume RUN continues it
`;

const VERSION = '0.1.0';

/** The options of the verbs that act on stored runs: these for all, and each verb's own. */
const RUN_VERB_COMMON = { project: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const satisfies ParseArgsOptionsConfig;
const DECISION = { comment: { type: 'string', short: 'm' }, by: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;
const RUN_VERB_OPTIONS: Record<'resume' | 'runs' | 'data' | 'show' | 'logs' | 'approve' | 'reject' | 'cancel', ParseArgsOptionsConfig> = {
  runs: { pipeline: { type: 'string', short: 'p' }, limit: { type: 'string', short: 'n' }, all: { type: 'boolean' } },
  data: { verbose: { type: 'boolean' } },
  show: {},
  cancel: {},
  logs: { follow: { type: 'boolean', short: 'f' } },
  approve: DECISION,
  reject: DECISION,
  resume: { jobs: { type: 'string', short: 'j' }, verbose: { type: 'boolean' } },
};

function usage(io: Io, message: string): number {
  const exit = refuse(io, '', message);
  io.err('Run "pipewright --help" for usage.\n');
  return exit;
}


/** The flags that say what `run`, `plan` and `export` run, with which values. */
const TARGET_FLAGS = {
  pipeline: { type: 'string', short: 'p' },
  step: { type: 'string' },
  task: { type: 'string' },
  param: { type: 'string', multiple: true },
  'node-param': { type: 'string', multiple: true },
  'node-input': { type: 'string', multiple: true },
  input: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
} as const satisfies ParseArgsOptionsConfig;

function targetArgs(values: { pipeline?: string | undefined; step?: string | undefined; task?: string | undefined; param?: string[] | undefined; 'node-param'?: string[] | undefined; 'node-input'?: string[] | undefined; input?: string[] | undefined; env?: string[] | undefined }): RunArgs {
  return { pipeline: values.pipeline, step: values.step, task: values.task, inputs: values.input ?? [], params: values.param ?? [], nodeParams: values['node-param'] ?? [], nodeInputs: values['node-input'] ?? [], env: values.env ?? [] };
}

export async function runCli(argv: string[], given: Io): Promise<number> {
  const [verb, ...rest] = argv;
  const io: Io = { ...given, errors: errorFormOf(verb, rest) };
  try {
    switch (verb) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return verb === undefined ? EXIT_USAGE : EXIT_OK;
      case '--version':
      case '-v':
        io.out(`${VERSION}\n`);
        return EXIT_OK;
      case 'validate': {
        const { values, positionals } = parseOptions(verb, rest, { json: { type: 'boolean' }, fix: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 1) return usage(io, `validate takes one PATH (got ${positionals.length})`);
        return (await import('./commands/validate.ts')).validateCommand({ path: positionals[0] ?? '.', json: values.json === true, fix: values.fix === true }, io);
      }
      case 'graph': {
        const { values, positionals } = parseOptions(verb, rest, {
          pipeline: { type: 'string', short: 'p' },
          format: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 1) return usage(io, `graph takes one PATH (got ${positionals.length})`);
        const format = values.json === true ? 'json' : (values.format ?? 'text');
        if (format !== 'text' && format !== 'mermaid' && format !== 'json') return usage(io, `--format must be text, mermaid or json (got "${String(format)}")`);
        return (await import('./commands/graph.ts')).graphCommand({ path: positionals[0] ?? '.', pipeline: values.pipeline as string | undefined, format: format as GraphFormat }, io);
      }
      case 'run':
      case 'plan': {
        const { values, positionals } = parseOptions(verb, rest, {
          ...TARGET_FLAGS,
          reuse: { type: 'string' },
          cache: { type: 'boolean' },
          container: { type: 'boolean' },
          jobs: { type: 'string', short: 'j' },
          json: { type: 'boolean' },
          verbose: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 1) return usage(io, `${verb} takes one PATH (got ${positionals.length})`);
        const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
        if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) return usage(io, `--jobs must be a whole number of at least 1 (got "${values.jobs}")`);
        const common = {
          path: positionals[0] ?? '.',
          ...targetArgs(values),
          reuse: values.reuse,
          cache: values.cache === true,
          container: values.container === true,
          json: values.json === true,
        };
        if (verb === 'plan') return await (await import('./commands/plan.ts')).planCommand({ ...common, jobs }, io);
        return await (await import('./commands/run.ts')).runCommand({ ...common, verbose: values.verbose === true, jobs }, io);
      }
      case 'export': {
        const { values, positionals } = parseOptions(verb, rest, {
          ...TARGET_FLAGS,
          to: { type: 'string' },
          repository: { type: 'string' },
          revision: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        });
        if (values.help) return io.out(HELP), EXIT_OK;
        // `pipewright export argo .`, as a verb and a format are often typed: the format is --to's.
        if (positionals[0] === 'argo' && !existsSync('argo')) return usage(io, `export: the format is given with --to argo (the default, so it may be left out): pipewright export ${positionals.slice(1).join(' ') || '.'} --to argo`);
        if (positionals.length > 1) return usage(io, `export takes one PATH (got ${positionals.length})`);
        if ((values.env ?? []).length > 0) return usage(io, 'export takes no --env: a value given here would be written into the workflow file; give the pods their variables in the cluster (a Secret), or as defaults in valohai.yaml');
        return await (await import('./commands/export.ts')).exportCommand(
          { path: positionals[0] ?? '.', ...targetArgs(values), to: values.to, repository: values.repository, revision: values.revision, json: values.json === true },
          io,
        );
      }
      case 'prune': {
        const { values, positionals } = parseOptions(verb, rest, {
          keep: { type: 'string' },
          'older-than': { type: 'string' },
          'dry-run': { type: 'boolean' },
          downloads: { type: 'boolean' },
          ...RUN_VERB_COMMON,
        });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 0) return usage(io, 'prune takes no RUN: say which runs go with --keep N and/or --older-than DAYS');
        return (await import('./commands/prune.ts')).pruneCommand(
          { project: values.project ?? '.', keep: values.keep, olderThan: values['older-than'], downloads: values.downloads === true, dryRun: values['dry-run'] === true, json: values.json === true },
          io,
        );
      }
      case 'endpoint': {
        const { values, positionals } = parseOptions(verb, rest, { port: { type: 'string' }, project: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 3) return usage(io, 'usage: pipewright endpoint [NAME] | RUN NODE [ENDPOINT] [--port N]');
        const commands = await import('./commands/endpoint.ts');
        // No name: the project's one endpoint (or which there are to choose from).
        if (positionals.length <= 1) return await commands.projectEndpointCommand({ project: values.project ?? '.', endpoint: positionals[0] ?? '', port: values.port }, io);
        const [runId = '', node = '', endpoint = ''] = positionals;
        return await commands.endpointCommand({ project: values.project ?? '.', runId, node, endpoint, port: values.port }, io);
      }
      case 'machine': {
        const { values, positionals } = parseOptions(verb, rest, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 0) return usage(io, `machine takes no PATH (got ${positionals.join(' ')})`);
        return (await import('./commands/machine.ts')).machineCommand({ json: values.json === true }, io);
      }
      case 'serve': {
        const { values, positionals } = parseOptions(verb, rest, { port: { type: 'string', default: '0' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 1) return usage(io, `serve takes one PATH (got ${positionals.length})`);
        return await (await import('./commands/serve.ts')).serveCommand({ path: positionals[0] ?? '.', port: values.port, json: values.json === true }, io);
      }
      case 'add-step': {
        const { values, positionals } = parseOptions(verb, rest, {
          project: { type: 'string' },
          name: { type: 'string' },
          image: { type: 'string' },
          command: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length !== 1) return usage(io, 'usage: pipewright add-step SCRIPT [--project PATH] [--name NAME] [--image IMAGE] [--command NAME]');
        return (await import('./commands/add-step.ts')).addStepCommand(
          { script: positionals[0] as string, project: values.project ?? '.', name: values.name, image: values.image, command: values.command, json: values.json === true },
          io,
        );
      }
      case 'resume':
      case 'runs':
      case 'data':
      case 'show':
      case 'logs':
      case 'approve':
      case 'reject':
      case 'cancel': {
        const { values: read, positionals } = parseOptions(verb, rest, { ...RUN_VERB_OPTIONS[verb], ...RUN_VERB_COMMON });
        const values = read as { project?: string; json?: boolean; help?: boolean; follow?: boolean; comment?: string; by?: string; jobs?: string; verbose?: boolean; pipeline?: string; limit?: string; all?: boolean };
        if (values.help) return io.out(HELP), EXIT_OK;
        const project = values.project ?? '.';
        const json = values.json === true;
        if (verb === 'data' && positionals[0] === 'add') {
          const [, name, ...paths] = positionals;
          return await (await import('./commands/data-add.ts')).dataAddCommand({ project, name, paths, json, verbose: values.verbose === true }, io);
        }
        const want = verb === 'runs' || verb === 'data' ? 0 : verb === 'logs' || verb === 'approve' || verb === 'reject' ? 2 : 1;
        // NODE may be left out where only one can be meant: the one node of a run (logs), the one waiting (approve, reject).
        const fits = positionals.length === want || (want === 2 && positionals.length === 1);
        if (!fits) {
          const shape = { runs: '', data: '', resume: 'RUN', show: 'RUN', cancel: 'RUN', logs: 'RUN [NODE | EXECUTION]', approve: 'RUN [NODE]', reject: 'RUN [NODE]' }[verb];
          return usage(io, `usage: pipewright ${verb} ${shape}`.trim());
        }
        const [runId = '', node = ''] = positionals;
        switch (verb) {
          case 'runs': {
            if (values.all && values.limit !== undefined) return usage(io, 'give --all or --limit N, not both');
            const limit = values.all ? Number.MAX_SAFE_INTEGER : values.limit === undefined ? undefined : Number(values.limit);
            if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) return usage(io, `--limit must be a whole number of at least 1 (got "${values.limit}")`);
            return (await import('./commands/inspect.ts')).runsCommand({ project, json, pipeline: values.pipeline, limit }, io);
          }
          case 'data':
            return (await import('./commands/data.ts')).dataCommand({ project, json }, io);
          case 'show':
            return (await import('./commands/inspect.ts')).showCommand({ project, runId, json }, io);
          case 'logs':
            return await (await import('./commands/logs.ts')).logsCommand({ project, runId, node, follow: values.follow === true, json }, io);
          case 'approve':
          case 'reject':
            return (await import('./commands/control.ts')).decideCommand({ project, runId, node, decision: verb === 'approve' ? 'approved' : 'rejected', comment: values.comment ?? '', by: values.by, json }, io);
          case 'cancel':
            return (await import('./commands/control.ts')).cancelCommand({ project, runId, json }, io);
          default: {
            const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
            if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) return usage(io, `--jobs must be a whole number of at least 1 (got "${values.jobs}")`);
            return await (await import('./commands/run.ts')).resumeCommand({ project, runId, json, verbose: values.verbose === true, jobs }, io);
          }
        }
      }
      default: {
        // Valohai's CLI's commands (vh exec run train), said as the one here.
        const theirs = valohaiCommand(verb, rest);
        if (theirs !== undefined) return usage(io, `unknown command "${verb}": ${theirs}`);
        const near = nearestName(verb, VERBS);
        return usage(io, `unknown command "${verb}"${near === undefined ? '' : ` (did you mean ${near}?)`}`);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    if (error instanceof StateError) return refuse(io, '', error.message, EXIT_FAILED);
    const disk = diskProblem(error);
    if (disk !== null) return refuse(io, '', `${disk}, then try again`, EXIT_FAILED);
    return refuse(io, '', `internal error: ${error instanceof Error ? error.message : String(error)}`, EXIT_INTERNAL);
  }
}

if (import.meta.main) {
  endQuietlyOnClosedOutput();
  const io: Io = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: process.stdout.isTTY === true,
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
