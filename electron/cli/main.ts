/**
 * The `pipewright` command. Every failure ends as a message and an exit code, never as a
 * stack trace: 0 ok, 1 the file (or run) has errors, 2 the command line is wrong, 3 internal error.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { graphCommand, type GraphFormat } from './commands/graph.ts';
import { validateCommand } from './commands/validate.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type Io } from './output.ts';

export const HELP = `pipewright: edit and run Valohai pipelines on this workstation

Usage:
  pipewright validate [PATH] [--json]
      Check a valohai.yaml (PATH: the file, or a folder holding one; default .).
      Prints "file:line:col severity message" lines; --json prints
      {"file", "diagnostics":[{"severity","code","message","line","column",...}]}.
  pipewright graph [PATH] [--pipeline NAME] [--format text|mermaid|json] [--json]
      Without --pipeline: list the pipelines. With it: the nodes level by level
      (nodes on one level can run together); --format mermaid prints a diagram;
      --json prints {"pipeline","levels":[["a","b"],["c"]]}.
  pipewright help | --help     This text.
  pipewright --version         The version.

Exit codes:
  0  done; the file has no errors (warnings allowed)
  1  the file has errors (validate), or the pipeline has a cycle (graph)
  2  usage error: unknown command or flag, no such file, no valohai.yaml, unknown pipeline
  3  internal error in Pipewright (please report it)
`;

const VERSION = '0.1.0';

function usage(io: Io, message: string): number {
  io.err(`pipewright: ${message}\nRun "pipewright --help" for usage.\n`);
  return EXIT_USAGE;
}

function parse<T extends ParseArgsOptionsConfig>(args: string[], options: T) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

export function runCli(argv: string[], io: Io): number {
  const [verb, ...rest] = argv;
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
        const { values, positionals } = parse(rest, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 1) return usage(io, `validate takes one PATH (got ${positionals.length})`);
        return validateCommand({ path: positionals[0] ?? '.', json: values.json === true }, io);
      }
      case 'graph': {
        const { values, positionals } = parse(rest, {
          pipeline: { type: 'string', short: 'p' },
          format: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        });
        if (values.help) return io.out(HELP), EXIT_OK;
        if (positionals.length > 1) return usage(io, `graph takes one PATH (got ${positionals.length})`);
        const format = values.json === true ? 'json' : (values.format ?? 'text');
        if (format !== 'text' && format !== 'mermaid' && format !== 'json') return usage(io, `--format must be text, mermaid or json (got "${String(format)}")`);
        return graphCommand({ path: positionals[0] ?? '.', pipeline: values.pipeline as string | undefined, format: format as GraphFormat }, io);
      }
      default:
        return usage(io, `unknown command "${verb}"`);
    }
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      return usage(io, error.message);
    }
    io.err(`pipewright: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INTERNAL;
  }
}

if (import.meta.main) {
  const io: Io = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: process.stdout.isTTY === true,
  };
  process.exitCode = runCli(process.argv.slice(2), io);
}
