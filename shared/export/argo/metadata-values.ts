/**
 * Metadata → parameter edges in Argo. The target's command and `parameters.json` are built as the
 * workflow is written, with a placeholder (a word the shell and JSON take as it is) where each fed
 * parameter's value goes. A values pod before the node reads what each source execution printed
 * (its stdout, kept as an artifact, as for the picker), takes the latest value of the key, types
 * and renders it as the local runner does (`coerceReceived`, Python's `str()`, `shlex.quote`), puts
 * it in place of its placeholder and gives the node its command and parameters as output
 * parameters. A key never printed leaves the parameter its own value, or fails the pod where the
 * parameter has none (a run here refuses to start the node then too).
 *
 * What stays as it was, said as a warning: a source or target that is a sweep (a list of values,
 * children spread by it), a flag or `multiple` parameter (the value decides which arguments there
 * are), and a placeholder the command quotes (a pass-as template with a space or a quote in it).
 */
import type { PlannedExecution, PlannedNode, RunPlan } from '../../run/plan.ts';
import type { ParameterValue } from '../../valohai/model/parameter.ts';
import { READ_METADATA } from './metadata-script.ts';
import { PICKER_IMAGE } from './picker.ts';

type PlannedEdge = RunPlan['edges'][number];

/** One parameter a metadata value feeds: its placeholder, its source and key, its type and own value. */
export interface Feed {
  readonly placeholder: string;
  readonly source: string;
  readonly key: string;
  readonly parameter: string;
  readonly type: 'string' | 'integer' | 'float' | 'flag';
  readonly own: ParameterValue | undefined;
}

const keeps = (edge: PlannedEdge, target: string, own: ParameterValue | undefined, why: string): string =>
  `edge ${edge.source.node}.metadata.${edge.source.key} → ${target}.parameter.${edge.target.key}: ${why}; "${target}" keeps ${JSON.stringify(own ?? null)}`;

/** The metadata → parameter edges into `node` a values pod can compile, each with a placeholder; the others said. */
export function feedsOf(node: PlannedNode, edges: readonly PlannedEdge[], byName: ReadonlyMap<string, PlannedNode>, values: Readonly<Record<string, ParameterValue>>, warnings: string[]): Feed[] {
  const feeds: Feed[] = [];
  for (const edge of edges) {
    if (edge.source.type !== 'metadata' || edge.target.type !== 'parameter') continue;
    const own = values[edge.target.key];
    const parameter = node.kind === 'deployment' ? undefined : node.step.parameters.find((p) => p.name === edge.target.key);
    const source = byName.get(edge.source.node);
    const refused =
      node.kind !== 'execution' ? 'a sweep takes a metadata value (or spreads a list into children) only in a run' :
      source?.kind !== 'execution' ? `${edge.source.node} is not one execution: the values of its children are known only in a run` :
      parameter === undefined ? `${node.name} has no parameter "${edge.target.key}"` :
      parameter.type === 'flag' ? 'a flag parameter (the value decides which arguments there are) takes a metadata value only in a run' :
      parameter.multiple !== undefined && parameter.multiple !== 'none' ? 'a multiple parameter takes a metadata value only in a run' :
      undefined;
    if (refused !== undefined || parameter === undefined) {
      warnings.push(keeps(edge, node.name, own, refused ?? 'no such parameter'));
      continue;
    }
    feeds.push({ placeholder: `pipewright-metadata-value-${feeds.length}`, source: edge.source.node, key: edge.source.key, parameter: parameter.name, type: parameter.type, own });
  }
  return feeds;
}

/** Whether `word` appears in `command` only outside quotes (where the pod can put a quoted value in its place). */
export function unquoted(command: string, word: string): boolean {
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i += 1) {
    const c = command[i];
    if (command.startsWith(word, i)) {
      if (quote !== undefined) return false;
      i += word.length - 1;
    } else if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i += 1;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    }
  }
  return true;
}

/** Said when a placeholder lands inside quotes: that edge is left out. */
export function quotedWarning(feed: Feed, target: string): string {
  return `edge ${feed.source}.metadata.${feed.key} → ${target}.parameter.${feed.parameter}: the command quotes the value's place (its pass-as has a space or a quote), so the value is set only in a run; "${target}" keeps ${JSON.stringify(feed.own ?? null)}`;
}

const SOURCES = '/pipewright/sources';
const VALUES = '/pipewright/values';

const SCRIPT = `${READ_METADATA}${String.raw`import os, re, shlex, sys
spec = json.loads(sys.argv[1])
command, parameters, node = spec['command'], spec['parameters'], spec['node']
def coerce(kind, v):
    if isinstance(v, str) and kind == 'integer' and re.fullmatch(r'[+-]?\d+', v.strip()):
        return int(v.strip())
    if isinstance(v, str) and kind == 'float' and re.fullmatch(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?', v.strip()):
        return float(v.strip())
    return v
def rendered(v, kind):
    if isinstance(v, bool): return 'True' if v else 'False'
    if isinstance(v, (int, float)):
        if kind == 'float': return repr(float(v))
        if kind == 'integer' or float(v).is_integer(): return str(math.trunc(v))
        return repr(float(v))
    return str(v)
for feed in spec['feeds']:
    printed = read_metadata(os.path.join(SOURCES, str(feed['from']), 'stdout.log'))
    name = '%s.%s' % (node, feed['parameter'])
    keys = sorted(printed)
    lacks = '"%s" never printed metadata "%s" %s' % (feed['source'], feed['key'], '(it printed: %s%s)' % (', '.join(keys[:8]), ', …' if len(keys) > 8 else '') if keys else '(it printed none)')
    if feed['key'] in printed:
        v = coerce(feed['type'], printed[feed['key']])
        if v is None or isinstance(v, (list, dict)):
            sys.exit('parameter "%s": "%s" printed metadata "%s" as %s: a single value is taken here (pipewright run takes lists too)' % (feed['parameter'], feed['source'], feed['key'], json.dumps(v)))
        print('%s = %s (metadata "%s" of "%s")' % (name, json.dumps(v), feed['key'], feed['source']))
    elif 'own' in feed:
        v = feed['own']
        print('%s, so %s keeps its own value %s' % (lacks, name, json.dumps(v)))
    else:
        sys.exit('parameter "%s" has no value: %s, which its edge gives it, and it has no default' % (feed['parameter'], lacks))
    command = command.replace(feed['placeholder'], shlex.quote(rendered(v, feed['type'])))
    parameters = parameters.replace(json.dumps(feed['placeholder']), json.dumps(v))
os.makedirs(VALUES, exist_ok=True)
open(os.path.join(VALUES, 'command'), 'w').write(command)
open(os.path.join(VALUES, 'parameters'), 'w').write(parameters)
`}`
  .replaceAll('SOURCES', JSON.stringify(SOURCES))
  .replaceAll('VALUES', JSON.stringify(VALUES));

/** The values pod's template: the node's command and parameters with every placeholder filled. */
export function valuesTemplate(name: string, node: PlannedExecution, command: string, parameters: string, feeds: readonly Feed[]): Record<string, unknown> {
  const sources = [...new Set(feeds.map((f) => f.source))];
  // (`own` left out where there is none: JSON has no undefined.)
  const spec = JSON.stringify({ node: node.name, command, parameters, feeds: feeds.map((f) => ({ ...f, from: sources.indexOf(f.source) })) });
  return {
    name,
    inputs: { artifacts: sources.map((_, i) => ({ name: `stdout-${i}`, path: `${SOURCES}/${i}/stdout.log`, optional: true })) },
    outputs: { parameters: ['command', 'parameters'].map((p) => ({ name: p, valueFrom: { path: `${VALUES}/${p}` } })) },
    container: { name: 'main', image: PICKER_IMAGE, command: ['python3', '-c', SCRIPT, spec] },
  };
}

/** The values pod's task: after `before`, each source's stdout passed in (`taskOf`: the source's one DAG task). */
export function valuesTask(name: string, template: string, feeds: readonly Feed[], before: readonly string[], taskOf: (node: string) => string): Record<string, unknown> {
  const sources = [...new Set(feeds.map((f) => f.source))];
  return {
    name,
    template,
    ...(before.length > 0 ? { dependencies: [...before] } : {}),
    arguments: { artifacts: sources.map((source, i) => ({ name: `stdout-${i}`, from: `{{tasks.${taskOf(source)}.outputs.artifacts.stdout}}` })) },
  };
}

/**
 * The node's command and parameters.json with each feed's placeholder in its parameter's place;
 * a feed whose place the command quotes is left out (said) and its parameter keeps its value.
 */
export function withPlaceholders(
  target: string,
  values: Readonly<Record<string, ParameterValue>>,
  feeds: readonly Feed[],
  commandOf: (values: Readonly<Record<string, ParameterValue>>) => string,
  warnings: string[],
): { readonly command: string; readonly parameters: string; readonly feeds: readonly Feed[] } {
  const fill = (live: readonly Feed[]) => {
    const filled: Record<string, ParameterValue> = { ...values };
    for (const feed of live) filled[feed.parameter] = feed.placeholder;
    return { command: commandOf(filled), parameters: `${JSON.stringify(filled, null, 2)}\n` };
  };
  const first = fill(feeds);
  const quoted = feeds.filter((feed) => !unquoted(first.command, feed.placeholder));
  for (const feed of quoted) warnings.push(quotedWarning(feed, target));
  if (quoted.length === 0) return { ...first, feeds };
  const live = feeds.filter((feed) => !quoted.includes(feed));
  return { ...fill(live), feeds: live };
}
