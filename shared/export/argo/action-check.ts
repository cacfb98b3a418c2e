/**
 * A node's actions in Argo. What runs before a node (`node-starting`) can see its parameters only,
 * all known now: those actions are decided as the workflow is written (an approval gate or not; a
 * node that would stop the pipeline before starting is left out, with those after it). What a
 * node's end decides (`node-complete`: `stop-pipeline`, `error-pipeline`, an approval with `if:`)
 * may look at the metadata it printed, which only the run knows: a check pod after the node reads
 * every execution's kept stdout (as the picker does), evaluates the conditions exactly as the local
 * runner does (the same parsed expressions, the same rules: `shared/expression/evaluate.ts`), and
 * says its verdict as an output parameter: `error` (the pod fails, and with it the workflow),
 * `stop` (every node after this one is skipped by its `when`), `approve` (the approval gate after
 * the node is asked) or `go`. A node whose failure lets the pipeline go on (`on-error: continue`)
 * may end failed: its check is told how each execution ended (`{{tasks.X.status}}`) and then takes
 * the node's `node-error` actions instead, as a run here does; elsewhere a failed node fails the
 * workflow, and its check never runs.
 */
import type { Expr } from '../../expression/ast.ts';
import { parseExpression } from '../../expression/parse.ts';
import { evaluateActions } from '../../run/actions.ts';
import type { PlannedExecution, PlannedTask } from '../../run/plan.ts';
import type { ParameterValue } from '../../valohai/model/parameter.ts';
import { EVALUATE, READ_METADATA } from './metadata-script.ts';
import { PICKER_IMAGE } from './picker.ts';

type Runnable = PlannedExecution | PlannedTask;

/** Where the check pod writes its verdict, read back as its output parameter `verdict`. */
const VERDICT = '/pipewright/verdict';
const EXECUTIONS = '/pipewright/executions';

/** The `then`s that end the pipeline. */
const stops = (then: string): boolean => then === 'stop-pipeline' || then === 'error-pipeline';
/** A `then` the workflow must do something for (`noop` and unknown ones do nothing in a run either). */
const decides = (then: string): boolean => stops(then) || then === 'require-approval';

/** What a node's start decides, now: nothing, an approval gate, or the pipeline stopping there. */
export type StartDecision = { readonly kind: 'go' } | { readonly kind: 'approve' } | { readonly kind: 'stop'; readonly why: string };

export function startDecision(node: Runnable, values: Readonly<Record<string, ParameterValue>>, warnings: string[]): StartDecision {
  const deciding = node.actions.filter((a) => a.then.some(decides));
  const verdict = evaluateActions(deciding, 'node-starting', { metadata: {}, parameters: values });
  for (const warning of verdict.warnings) warnings.push(`node "${node.name}": ${warning}`);
  const stop = verdict.thens.find(stops);
  if (stop) return { kind: 'stop', why: `node "${node.name}": its action "${stop}" as it starts holds with these parameters (a run would end there): it and the nodes after it are not exported` };
  return verdict.thens.includes('require-approval') ? { kind: 'approve' } : { kind: 'go' };
}

/** One node-complete (or node-error) action as the check pod takes it: its conditions parsed, their text for its log. */
export interface CheckAction {
  readonly if: readonly { readonly text: string; readonly expr: Expr }[];
  readonly then: readonly string[];
}

/**
 * What a node's end needs in Argo: nothing more, an approval gate always asked, or a check pod.
 * `failing`: the node-error actions, for a node whose failure lets the pipeline go on (`on-error:
 * continue`): its check reads how its executions ended and takes those instead, as a run here does.
 */
export type CompletePlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'gate' }
  | { readonly kind: 'check'; readonly actions: readonly CheckAction[]; readonly failing: readonly CheckAction[] | undefined; readonly stops: boolean; readonly gate: boolean };

/**
 * `mayFailOn`: the node's failure does not end the workflow (`on-error: continue`, and not a task
 * whose children may fail, `continue-and-complete`, which completes whatever they did).
 */
export function completePlan(node: Runnable, mayFailOn: boolean, warnings: string[]): CompletePlan {
  const actions: CheckAction[] = [];
  const failing: CheckAction[] = [];
  for (const action of node.actions) {
    const onComplete = action.when.includes('node-complete') && action.then.some(decides);
    // A failed node's approval is never asked (a run ends the node failed): only its stops count.
    const onError = action.when.includes('node-error') && action.then.some(stops);
    if (onError && !mayFailOn && action.then.includes('stop-pipeline')) {
      warnings.push(`node "${node.name}": its action "stop-pipeline" when it fails is exported as the workflow failing (in Argo a failed node fails it; a run here ends "stopped")`);
    }
    if (!onComplete && !(onError && mayFailOn)) continue;
    const conditions: CheckAction['if'][number][] = [];
    let valid = true;
    for (const text of action.if) {
      const parsed = parseExpression(text);
      if (!parsed.ok) {
        // A run says so each time and never takes the action: the workflow leaves it out.
        warnings.push(`node "${node.name}": condition "${text}" is not valid (${parsed.message}): its action is not exported, as a run never takes it`);
        valid = false;
        break;
      }
      conditions.push({ text, expr: parsed.expr });
    }
    if (!valid) continue;
    if (onComplete) actions.push({ if: conditions, then: action.then });
    if (onError && mayFailOn) failing.push({ if: conditions, then: action.then.filter(stops) });
  }
  const gate = actions.some((a) => a.then.includes('require-approval'));
  const ends = actions.some((a) => a.then.some(stops));
  // A node that may fail and go on is asked for approval only when it did not fail: its check says so.
  if (!ends && failing.length === 0 && actions.every((a) => a.if.length === 0) && !(gate && mayFailOn)) return gate ? { kind: 'gate' } : { kind: 'none' };
  return {
    kind: 'check',
    actions,
    failing: mayFailOn ? failing : undefined,
    stops: [...actions, ...failing].some((a) => a.then.includes('stop-pipeline')),
    gate,
  };
}

// The evaluator of shared/expression/evaluate.ts and the metadata rules of the runner's capture
// (metadata-script.ts; executions in order, as the runner merges a node's), in Python: the check
// runs in the picker's image.
const SCRIPT = `${READ_METADATA}${EVALUATE}${String.raw`import os, sys
spec, count, statuses = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split()
parameters = json.loads(sys.argv[4]) if len(sys.argv) > 4 else spec['parameters']
# How its executions ended, where its failure lets the pipeline go on: a failed node takes its node-error actions.
failed = spec['failing'] is not None and any(status != 'Succeeded' for status in statuses)
metadata = {}
for i in range(count):
    read_metadata(os.path.join(EXECUTIONS, str(i), 'stdout.log'), metadata)
def lookup(path):
    root, key = path[0], '.'.join(path[1:])
    found = metadata if root == 'metadata' else parameters if root in ('parameter', 'parameters') else {}
    v = found.get(key, MISSING)
    if root == 'metadata' and isinstance(v, str): v = NON_FINITE.get(v, v)
    return v if v is None or isinstance(v, (bool, int, float, str)) else MISSING
def shown(v):
    # As the runner says a value (actions.ts): JSON text, JavaScript's numbers, undefined where there is none.
    if v is MISSING: return 'undefined'
    if v is None or isinstance(v, bool): return json.dumps(v)
    if isinstance(v, str): return json.dumps(v, ensure_ascii=False)
    if isinstance(v, int) and abs(v) <= 2 ** 53: return str(v)
    v = float(v)  # (a larger whole number as the runner reads it: a double)
    if v != v: return 'NaN'
    if v in (float('inf'), float('-inf')): return 'Infinity' if v > 0 else '-Infinity'
    mantissa, _, exponent = repr(v).partition('e')
    if not exponent: return mantissa[:-2] if mantissa.endswith('.0') else mantissa
    if -7 < int(exponent) < 21:
        import decimal
        return format(decimal.Decimal(repr(v)), 'f')
    return '%se%s%d' % (mantissa[:-2] if mantissa.endswith('.0') else mantissa, '+' if int(exponent) > 0 else '-', abs(int(exponent)))
thens, held = [], []
for action in spec['failing'] if failed else spec['actions']:
    holds = True
    read = {}
    def reading(path):
        read['.'.join(path)] = value = lookup(path)
        return value
    for condition in action['if']:
        try:
            value = evaluate(condition['expr'], reading)
        except (Bad, RecursionError) as error:
            print('condition "%s" could not be evaluated: %s' % (condition['text'], error))
            holds = False
            break
        print('%s: %s' % (condition['text'], 'holds' if truthy(value) else 'does not hold'))
        if not truthy(value):
            holds = False
            break
    if not holds: continue
    thens += action['then']
    if action['if']: held.append(' and '.join(c['text'] for c in action['if']) + (', with ' + ', '.join('%s = %s' % (k, shown(v)) for k, v in read.items()) if read else ''))
because = "its action's condition held" + (': ' + '; '.join(held) if held else '')
# As the runner's nodeEnding: a failed node's stop-pipeline outranks its error-pipeline, a finished one's the other way.
if failed: verdict = 'stop' if 'stop-pipeline' in thens else 'error' if 'error-pipeline' in thens else 'go'
else: verdict = 'error' if 'error-pipeline' in thens else 'stop' if 'stop-pipeline' in thens else 'approve' if 'require-approval' in thens else 'go'
os.makedirs(os.path.dirname(VERDICT), exist_ok=True)
open(VERDICT, 'w').write(verdict)
node = spec['node']
if verdict == 'error':
    sys.exit('node "%s" failed and its action ends the pipeline as an error' % node if failed else 'node "%s" ended the pipeline as an error (%s)' % (node, because))
if failed and verdict == 'stop': print('node "%s" failed and its action stops the pipeline: the nodes after it are skipped' % node)
else: print({'stop': 'node "%s" stopped the pipeline (%s): the nodes after it are skipped' % (node, because), 'approve': 'node "%s" asks for approval' % node, 'go': 'node "%s": the pipeline goes on' % node}[verdict])
`}`
  .replaceAll('EXECUTIONS', JSON.stringify(EXECUTIONS))
  .replaceAll('VERDICT', JSON.stringify(VERDICT));

/** What the check pod of one node decides from. */
export interface CheckSpec {
  readonly node: string;
  readonly actions: readonly CheckAction[];
  /** Its node-error actions, where its failure lets the pipeline go on (then it reads how its executions ended). */
  readonly failing: readonly CheckAction[] | undefined;
  /** The parameters known at export; `filled`: its values pod gives them instead (an input parameter, the parameters.json it made). */
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly filled: boolean;
  /** How many executions the node has. */
  readonly count: number;
}

/** The check pod's template. */
export function checkTemplate(name: string, check: CheckSpec): Record<string, unknown> {
  const { node, actions, failing, parameters, filled, count } = check;
  const spec = JSON.stringify({ node, parameters, actions, failing: failing ?? null });
  const given = [...(failing !== undefined ? ['statuses'] : []), ...(filled ? ['parameters'] : [])];
  return {
    name,
    inputs: {
      ...(given.length > 0 ? { parameters: given.map((p) => ({ name: p })) } : {}),
      artifacts: Array.from({ length: count }, (_, i) => ({ name: `stdout-${i}`, path: `${EXECUTIONS}/${i}/stdout.log`, optional: true })),
    },
    outputs: { parameters: [{ name: 'verdict', valueFrom: { path: VERDICT } }] },
    container: {
      name: 'main',
      image: PICKER_IMAGE,
      command: ['python3', '-c', SCRIPT, spec, String(count), failing !== undefined ? '{{inputs.parameters.statuses}}' : '', ...(filled ? ['{{inputs.parameters.parameters}}'] : [])],
    },
  };
}

/**
 * The check's DAG task: after the node's executions, each one's stdout passed in (and, from
 * `filler`, its parameters; with `statuses`, how each execution ended).
 */
export function checkTask(name: string, template: string, executions: readonly string[], filler: string | undefined, statuses: boolean): Record<string, unknown> {
  const parameters = [
    ...(statuses ? [{ name: 'statuses', value: executions.map((task) => `{{tasks.${task}.status}}`).join(' ') }] : []),
    ...(filler !== undefined ? [{ name: 'parameters', value: `{{tasks.${filler}.outputs.parameters.parameters}}` }] : []),
  ];
  return {
    name,
    template,
    dependencies: [...executions],
    arguments: {
      ...(parameters.length > 0 ? { parameters } : {}),
      artifacts: executions.map((task, i) => ({ name: `stdout-${i}`, from: `{{tasks.${task}.outputs.artifacts.stdout}}` })),
    },
  };
}

/** The `when` of a task after checks that may stop the pipeline: each check said something else. */
export function unlessStopped(checks: readonly string[]): string {
  return checks.map((task) => `'${verdictOf(task)}' != 'stop'`).join(' && ');
}

export function verdictOf(task: string): string {
  return `{{tasks.${task}.outputs.parameters.verdict}}`;
}
