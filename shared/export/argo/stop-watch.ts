/**
 * A step's `stop-condition` in an exported pod, as a run here keeps it (`electron/runner/engine/
 * stop-condition.ts`): the command's stdout is read as it is printed, and once its metadata meet
 * the condition the command's processes are stopped (SIGTERM, SIGKILL 3 s later) and the
 * execution counts as finished, its outputs kept. A watcher in Python starts the command in a
 * session of its own (so that it can stop all of it), passes its stdout on unchanged and reads the
 * metadata by the runner's rules (metadata-script.ts), the condition by the runner's evaluator
 * (its parsed form passed in). It runs in the step's own image: where that has no python3, the pod
 * says so and runs the command to its end.
 */
import type { Expr } from '../../expression/ast.ts';
import { parseExpression } from '../../expression/parse.ts';
import { shellQuote } from '../../run/python-format.ts';
import { EVALUATE, READ_METADATA } from './metadata-script.ts';

/** Where the pod writes the command it runs (as a script's is written), for the watcher to start. */
const COMMAND_FILE = '/pipewright/command';

const WATCH = `${READ_METADATA}${EVALUATE}${String.raw`import os, signal, subprocess, sys, threading
spec = json.loads(sys.argv[1])
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, start_new_session=True)
metadata, stopped, told = {}, False, False
state = {'missing': False, 'read': {}}
def lookup(path):
    key = '.'.join(path[1:] if path[0] == 'metadata' and len(path) > 1 else path)
    v = metadata.get(key, MISSING)
    if isinstance(v, str): v = NON_FINITE.get(v, v)
    if v is MISSING or not (v is None or isinstance(v, (bool, int, float, str))):
        state['missing'] = True
        return MISSING
    state['read'][key] = v
    return v
def said(v):
    if isinstance(v, float) and v.is_integer(): v = int(v)
    return json.dumps(v) if isinstance(v, (str, bool)) or v is None else str(v)
def stop(sig):
    try:
        os.killpg(child.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
out = sys.stdout.buffer
for raw in iter(child.stdout.readline, b''):
    out.write(raw)
    out.flush()
    if stopped or not metadata_line(raw.decode('utf-8', 'replace'), metadata):
        continue
    state['missing'], state['read'] = False, {}
    try:
        holds = truthy(evaluate(spec['expr'], lookup))
    except (Bad, RecursionError) as error:
        # A key not printed yet: not yet. Anything else is said once (later values may still meet it).
        if not state['missing'] and not told:
            told = True
            print("pipewright: its step's stop-condition \x60%s\x60 could not be checked: %s" % (spec['text'], error), file=sys.stderr, flush=True)
        continue
    if holds:
        stopped = True
        print("pipewright: its step's stop-condition \x60%s\x60 held (%s): stopped early, as on Valohai; it counts as finished and its outputs are kept" % (spec['text'], ', '.join('%s=%s' % (k, said(v)) for k, v in state['read'].items())), file=sys.stderr, flush=True)
        stop(signal.SIGTERM)
        timer = threading.Timer(3, stop, [signal.SIGKILL])
        timer.daemon = True
        timer.start()
code = child.wait()
sys.exit(0 if stopped else code if code >= 0 else 128 - code)
`}`;

/** The step's stop-condition, parsed; or why it is not exported (a run here never stops on it either). */
export type StopWatch = { readonly ok: true; readonly text: string; readonly expr: Expr } | { readonly ok: false; readonly why: string };

export function stopWatchOf(condition: string): StopWatch {
  const parsed = parseExpression(condition);
  if (!parsed.ok) return { ok: false, why: `its step's stop-condition \`${condition}\` is not valid (${parsed.message}): it is not exported, as a run here never stops on it` };
  return { ok: true, text: condition, expr: parsed.expr };
}

/**
 * The shell lines that run `command` (Argo's text for it) watched: written to a file, started by
 * the watcher where the image has python3, else as it is. `script`: the command is a `#!` script.
 */
export function watchedRun(command: string, watch: Extract<StopWatch, { ok: true }>, script: boolean): string {
  const argv = script ? COMMAND_FILE : `/bin/sh ${COMMAND_FILE}`;
  const unchecked = `pipewright: this image has no python3, so its step's stop-condition \`${watch.text}\` is not checked: the command runs to its end`;
  return [
    `mkdir -p /pipewright/ && cat > ${COMMAND_FILE} <<'PIPEWRIGHT_SCRIPT'`,
    command,
    'PIPEWRIGHT_SCRIPT',
    ...(script ? [`chmod +x ${COMMAND_FILE}`] : []),
    'if command -v python3 >/dev/null 2>&1; then',
    `  python3 -c ${shellQuote(WATCH)} ${shellQuote(JSON.stringify({ text: watch.text, expr: watch.expr }))} ${argv}`,
    'else',
    `  echo ${shellQuote(unchecked)} >&2`,
    `  ${argv}`,
    'fi',
  ].join('\n');
}
