/**
 * Values only a run knows, into parameters in Argo: metadata → parameter edges, and an edge out of
 * a sweep that picks its best child (`pick: max|min, by:`). The target's command and
 * `parameters.json` are built as the workflow is written, with a placeholder (a word the shell and
 * JSON take as it is) where each fed parameter's value goes. A values pod before the node reads
 * what each source execution printed (its stdout, kept as an artifact, as for the picker; every
 * child's of a sweep, to pick one), takes the latest value of the key, types and renders it as the
 * local runner does (`coerceReceived`, Python's `str()`, `shlex.quote`), puts it in place of its
 * placeholder and gives the node its command and parameters as output parameters. A key never
 * printed leaves the parameter its own value, or fails the pod where the parameter has none (a run
 * here refuses to start the node then too). A null value leaves the parameter's argument out of the
 * command, as the builder does (what goes with it around its place is found at export by building
 * the command with null there); a list fails the pod with the words a run here refuses it with; a
 * JSON object goes in as its text, written as the runner writes it (JSON.stringify's form).
 *
 * What stays as it was, said as a warning: a sweep as the source without a pick (a list of values)
 * or as the target (children spread by it), and a flag or `multiple` parameter (the value decides
 * which arguments there are).
 */
import { listRefused } from '../../run/children.ts';
import { pickRuleOf, type PickRule } from '../../run/pick.ts';
import { walkQuotes } from '../../run/shell-quotes.ts';
import type { PlannedExecution, PlannedNode, RunPlan } from '../../run/plan.ts';
import type { ParameterValue } from '../../valohai/model/parameter.ts';
import { READ_METADATA } from './metadata-script.ts';
import { PICKER_IMAGE } from './picker.ts';

type PlannedEdge = RunPlan['edges'][number];

/**
 * Where a fed value comes from: what one execution printed, a sweep's best child by the edge's
 * rule, or a parameter an upstream node's own values pod filled in (its parameters.json as given).
 */
export type FeedFrom =
  | { readonly kind: 'execution'; readonly node: string }
  | { readonly kind: 'filled'; readonly node: string; readonly task: string }
  | {
      readonly kind: 'best';
      readonly node: string;
      readonly rule: PickRule;
      readonly children: number;
      /** Each child's value of the source parameter (known now; a parameter edge only). */
      readonly parameters: readonly (ParameterValue | null)[];
    };

/** One parameter a run's value feeds: its placeholder, where the value comes from, its type and own value. */
export interface Feed {
  readonly placeholder: string;
  readonly from: FeedFrom;
  /** A metadata key the source printed, or (from a sweep's best child) the child's parameter. */
  readonly what: 'metadata' | 'parameter';
  readonly key: string;
  readonly parameter: string;
  readonly type: 'string' | 'integer' | 'float' | 'flag';
  readonly own: ParameterValue | undefined;
}

const keeps = (edge: PlannedEdge, target: string, own: ParameterValue | undefined, why: string): string =>
  `edge ${edge.source.node}.${edge.source.type}.${edge.source.key} → ${target}.parameter.${edge.target.key}: ${why}; "${target}" keeps ${JSON.stringify(own ?? null)}`;

/**
 * The edges into `node` whose value only a run knows and a values pod can fill in, each with a
 * placeholder: metadata → parameter, and parameter → parameter out of a sweep that picks its best
 * child. The others are said. `childrenOf`: a sweep's children's values, as the export plans them.
 */
export interface FeedContext {
  readonly byName: ReadonlyMap<string, PlannedNode>;
  /** A sweep's children's values, as the export plans them. */
  childrenOf(node: string): readonly Readonly<Record<string, ParameterValue>>[];
  /** A node whose values pod fills some of its parameters: that pod's task and those parameters. */
  filledOf(node: string): { readonly task: string; readonly parameters: ReadonlySet<string> } | undefined;
}

export function feedsOf(node: PlannedNode, edges: readonly PlannedEdge[], values: Readonly<Record<string, ParameterValue>>, context: FeedContext, warnings: string[]): Feed[] {
  const feeds: Feed[] = [];
  for (const edge of edges) {
    const source = context.byName.get(edge.source.node);
    const rule = pickRuleOf(edge);
    const picked = source?.kind === 'task' && rule !== undefined && rule !== 'needs-by' ? rule : undefined;
    const filled = source?.kind === 'execution' && edge.source.type === 'parameter' ? context.filledOf(source.name) : undefined;
    const fromFilled = filled?.parameters.has(edge.source.key) === true ? filled : undefined;
    const what = edge.source.type === 'metadata' ? 'metadata' : edge.source.type === 'parameter' && (picked || fromFilled) ? 'parameter' : undefined;
    if (what === undefined || edge.target.type !== 'parameter') continue;
    const own = values[edge.target.key];
    const parameter = node.kind === 'deployment' ? undefined : node.step.parameters.find((p) => p.name === edge.target.key);
    const value = what === 'metadata' ? 'a metadata value' : picked ? "the best child's value" : 'a value filled in in the run';
    const refused =
      node.kind !== 'execution' ? `a sweep takes ${value} (or spreads a list into children) only in a run` :
      source?.kind === 'task' && !picked ? `${edge.source.node} is a sweep: which child's value goes is known only in a run (an edge with configuration: {pick: max, by: KEY} passes the best one's)` :
      source?.kind !== 'execution' && source?.kind !== 'task' ? `${edge.source.node} is not exported` :
      parameter === undefined ? `${node.name} has no parameter "${edge.target.key}"` :
      parameter.type === 'flag' ? `a flag parameter (the value decides which arguments there are) takes ${value} only in a run` :
      parameter.multiple !== undefined && parameter.multiple !== 'none' ? `a multiple parameter takes ${value} only in a run` :
      undefined;
    if (refused !== undefined || parameter === undefined || source === undefined || source.kind === 'deployment') {
      warnings.push(keeps(edge, node.name, own, refused ?? 'no such parameter'));
      continue;
    }
    const children = context.childrenOf(source.name);
    const from: FeedFrom = picked
      ? { kind: 'best', node: source.name, rule: picked, children: children.length, parameters: children.map((c) => c[edge.source.key] ?? null) }
      : fromFilled
        ? { kind: 'filled', node: source.name, task: fromFilled.task }
        : { kind: 'execution', node: source.name };
    // (Ended by a dot, so that no placeholder begins another: -1. and -10.)
    feeds.push({ placeholder: `pipewright-metadata-value-${feeds.length}.`, from, what, key: edge.source.key, parameter: parameter.name, type: parameter.type, own });
  }
  return feeds;
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
def js_json(v):
    # A JSON object as a run here passes it on: its text as JavaScript's JSON.stringify writes it.
    if v is None or isinstance(v, bool): return json.dumps(v)
    if isinstance(v, int) and abs(v) < 2 ** 53: return str(v)
    if isinstance(v, (int, float)):
        v = float(v)
        if v != v or v in (float('inf'), float('-inf')): return 'null'
        if v.is_integer() and abs(v) < 1e21: return str(int(v))
        m = re.fullmatch(r'(-?[\d.]+)e([+-])0*(\d+)', repr(v))
        return m.group(1) + 'e' + m.group(2) + m.group(3) if m else repr(v)
    if isinstance(v, str): return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list): return '[' + ','.join(js_json(x) for x in v) + ']'
    return '{' + ','.join(json.dumps(str(k), ensure_ascii=False) + ':' + js_json(x) for k, x in v.items()) + '}'
def rendered(v, kind):
    if isinstance(v, bool): return 'True' if v else 'False'
    if isinstance(v, (int, float)):
        if kind == 'float': return repr(float(v))
        if kind == 'integer' or float(v).is_integer(): return str(math.trunc(v))
        return repr(float(v))
    return str(v)
filled = [json.loads(given) for given in sys.argv[2:]]
placed = []
for feed in spec['feeds']:
    source, name = feed['from'], '%s.%s' % (node, feed['parameter'])
    metas = [read_metadata(os.path.join(SOURCES, str(source['index']), str(c), 'stdout.log')) for c in range(source.get('count', 0))]
    chosen, lacks, gives_nothing, v = 0, None, False, None
    if 'filled' in source:
        given = filled[source['filled']]
        if feed['key'] in given:
            v = given[feed['key']]
        else:
            lacks = '"%s" has no parameter "%s"' % (feed['source'], feed['key'])
    else:
        if 'rule' in source:
            best = pick_best(metas, source['rule'], source['by'])
            if best is None:
                lacks, gives_nothing = 'no execution of "%s" printed a numeric "%s" to pick by' % (feed['source'], source['by']), True
            else:
                chosen = best[0]
                print('"%s": child %d has the %s %s (%s)' % (feed['source'], chosen, source['rule'], source['by'], best[1]))
        if lacks is None and feed['what'] == 'parameter':
            v = source['parameters'][chosen]
            if v is None:
                lacks = '"%s" has no parameter "%s"' % (feed['source'], feed['key'])
        elif lacks is None:
            printed = metas[chosen]
            keys = sorted(printed)
            if feed['key'] in printed:
                v = printed[feed['key']]
            else:
                lacks = '"%s" never printed metadata "%s" %s' % (feed['source'], feed['key'], '(it printed: %s%s)' % (', '.join(keys[:8]), ', …' if len(keys) > 8 else '') if keys else '(it printed none)')
    if lacks is None:
        v = coerce(feed['type'], v)
        if isinstance(v, list): sys.exit(feed['list'])
        if isinstance(v, dict): v = js_json(v)
        if v is None and not feed['nullable']:
            sys.exit('parameter "%s": "%s" gave %s for it, which is not taken here (pipewright run takes it)' % (feed['parameter'], feed['source'], json.dumps(v)))
        print('%s = %s (%s "%s" of "%s")' % (name, json.dumps(v), feed['what'], feed['key'], feed['source']))
    elif 'own' in feed:
        v = feed['own']
        print('%s, so %s keeps its own value %s' % (lacks + (', so it gives nothing' if gives_nothing else ''), name, json.dumps(v)))
    elif gives_nothing:
        sys.exit('parameter "%s" has no value: its edge gives nothing (%s), and it has no default' % (feed['parameter'], lacks))
    else:
        sys.exit('parameter "%s" has no value: %s, which its edge gives it, and it has no default' % (feed['parameter'], lacks))
    if v is None: print('%s is left out of the command, as a run here leaves out a parameter whose value is null' % name)
    placed.append(None if v is None else rendered(v, feed['type']))
    parameters = parameters.replace(json.dumps(feed['placeholder']), json.dumps(v))
# A null value leaves its whole argument out: the text around its place the builder wrote for it
# (drop: so many characters before and after the place) goes with it.
out, skip = '', 0
for segment in command:
    if isinstance(segment, str):
        out, skip = out + segment[skip:], 0
        continue
    text = placed[segment['feed']]
    if text is None:
        before, skip = segment['drop']
        out = out[:len(out) - before]
        continue
    out += text.replace("'", "'\"'\"'") if segment['quote'] == "'" else shlex.quote(text)
command = out
os.makedirs(VALUES, exist_ok=True)
open(os.path.join(VALUES, 'command'), 'w').write(command)
open(os.path.join(VALUES, 'parameters'), 'w').write(parameters)
`}`
  .replaceAll('SOURCES', JSON.stringify(SOURCES))
  .replaceAll('VALUES', JSON.stringify(VALUES));

/** The values pod's template: the node's command and parameters with every placeholder filled. */
export function valuesTemplate(name: string, node: PlannedExecution, command: readonly Segment[], parameters: string, feeds: readonly Feed[]): Record<string, unknown> {
  const sources = sourcesOf(feeds);
  const filled = filledOf(feeds);
  const spec = JSON.stringify({
    node: node.name,
    command,
    parameters,
    // (`own` left out where there is none: JSON has no undefined.)
    feeds: feeds.map(({ from, ...feed }, i) => {
      // (Null is taken where the command can leave the argument out: the builder's text around its place is known.)
      const nullable = command.some((segment) => typeof segment !== 'string' && segment.feed === i && segment.drop !== undefined);
      // A list into a parameter of one value: the run's own words (a run here refuses to start the node).
      const list = listRefused(feed.parameter, node.step.parameters.find((p) => p.name === feed.parameter));
      if (from.kind === 'filled') return { ...feed, nullable, list, source: from.node, from: { filled: filled.indexOf(from.task) } };
      const at = { index: sources.findIndex((s) => s.node === from.node), count: from.kind === 'best' ? from.children : 1 };
      return { ...feed, nullable, list, source: from.node, from: from.kind === 'best' ? { ...at, rule: from.rule.pick, by: from.rule.by, parameters: from.parameters } : at };
    }),
  });
  return {
    name,
    inputs: {
      // The parameters.json an upstream values pod gave its node, one per such node.
      ...(filled.length > 0 ? { parameters: filled.map((_, j) => ({ name: `filled-${j}` })) } : {}),
      artifacts: sources.flatMap((source, i) => Array.from({ length: source.count }, (_, c) => ({ name: `stdout-${i}-${c}`, path: `${SOURCES}/${i}/${c}/stdout.log`, optional: true }))),
    },
    outputs: { parameters: ['command', 'parameters'].map((p) => ({ name: p, valueFrom: { path: `${VALUES}/${p}` } })) },
    container: { name: 'main', image: PICKER_IMAGE, command: ['python3', '-c', SCRIPT, spec, ...filled.map((_, j) => `{{inputs.parameters.filled-${j}}}`)] },
  };
}

/** The values pod's task: after `before`, the stdout of each source's executions passed in (`tasksOf`: a node's DAG tasks). */
export function valuesTask(name: string, template: string, feeds: readonly Feed[], before: readonly string[], tasksOf: (node: string) => readonly string[]): Record<string, unknown> {
  return {
    name,
    template,
    ...(before.length > 0 ? { dependencies: [...before] } : {}),
    arguments: {
      ...(filledOf(feeds).length > 0 ? { parameters: filledOf(feeds).map((task, j) => ({ name: `filled-${j}`, value: `{{tasks.${task}.outputs.parameters.parameters}}` })) } : {}),
      artifacts: sourcesOf(feeds).flatMap((source, i) => tasksOf(source.node).slice(0, source.count).map((task, c) => ({ name: `stdout-${i}-${c}`, from: `{{tasks.${task}.outputs.artifacts.stdout}}` }))),
    },
  };
}

/** The values pods whose parameters.json the feeds read, each once. */
function filledOf(feeds: readonly Feed[]): string[] {
  return [...new Set(feeds.flatMap(({ from }) => (from.kind === 'filled' ? [from.task] : [])))];
}

/** The nodes whose stdout the feeds read, each once, with how many executions it has. */
function sourcesOf(feeds: readonly Feed[]): { readonly node: string; readonly count: number }[] {
  const sources: { node: string; count: number }[] = [];
  for (const { from } of feeds) {
    if (from.kind === 'filled') continue;
    const count = from.kind === 'best' ? from.children : 1;
    const known = sources.find((s) => s.node === from.node);
    if (known) known.count = Math.max(known.count, count);
    else sources.push({ node: from.node, count });
  }
  return sources;
}

/**
 * A command cut where its placeholders stand, each place with the quotes it lies in: the runner
 * puts a value there as `shellQuote` makes it, and where the builder quoted the whole argument
 * around it (`'--the name=VALUE'`, a pass-as with a quote) the value goes in with its own quotes
 * escaped, which is what quoting the argument with the value in it writes.
 */
export type Segment = string | FeedPlace;

/**
 * `drop`, where the value may be null (a run here then leaves the parameter's argument out): how
 * many characters before and after the place go with it (` --lr=` before, say). Absent where the
 * command cannot do without it (a `{parameter-value:lr}`, which a null makes `None`).
 */
export interface FeedPlace {
  readonly feed: number;
  readonly quote: "'" | '"' | null;
  readonly drop?: readonly [number, number];
}

export function segmentsOf(command: string, feeds: readonly Feed[], drops: ReadonlyMap<number, readonly [number, number]> = new Map()): Segment[] {
  const segments: Segment[] = [];
  let from = 0;
  walkQuotes(command, (i, quote) => {
    if (i < from) return false;
    const feed = feeds.findIndex((f) => command.startsWith(f.placeholder, i));
    if (feed < 0) return false;
    if (i > from) segments.push(command.slice(from, i));
    const drop = drops.get(feed);
    segments.push({ feed, quote: quote ?? null, ...(drop ? { drop } : {}) });
    from = i + (feeds[feed] as Feed).placeholder.length;
    return false;
  });
  if (from < command.length) segments.push(command.slice(from));
  return segments;
}

/** The node's command (cut at its placeholders) and parameters.json with each feed's placeholder in its parameter's place. */
export function withPlaceholders(
  values: Readonly<Record<string, ParameterValue>>,
  feeds: readonly Feed[],
  commandOf: (values: Readonly<Record<string, ParameterValue>>) => string,
): { readonly command: readonly Segment[]; readonly parameters: string } {
  const filled: Record<string, ParameterValue> = { ...values };
  for (const feed of feeds) filled[feed.parameter] = feed.placeholder;
  const command = commandOf(filled);
  const drops = new Map<number, readonly [number, number]>();
  feeds.forEach((feed, k) => {
    const drop = nullDrop(command, commandOf({ ...filled, [feed.parameter]: null }), k, feeds);
    if (drop) drops.set(k, drop);
  });
  return { command: segmentsOf(command, feeds, drops), parameters: `${JSON.stringify(filled, null, 2)}\n` };
}

/**
 * What a null value of feed `k` takes out of `command` around its one place, as the command built
 * with null there (`without`) shows: the characters before and after the place, or undefined where
 * that is not the place and the text around it alone (the place written twice, a `None` put in).
 */
function nullDrop(command: string, without: string, k: number, feeds: readonly Feed[]): readonly [number, number] | undefined {
  const { placeholder } = feeds[k] as Feed;
  const at = command.indexOf(placeholder);
  const end = at + placeholder.length;
  const length = command.length - without.length;
  if (at < 0 || command.includes(placeholder, end) || length < placeholder.length) return undefined;
  const others = feeds.flatMap((f, j) => (j === k ? [] : [...command.matchAll(new RegExp(f.placeholder.replaceAll('.', '\\.'), 'g'))].map((m) => [m.index, m.index + f.placeholder.length] as const)));
  // The leftmost cut that leaves `without` (it takes the space before the argument, not after).
  for (let start = Math.max(0, end - length); start <= at; start += 1) {
    const stop = start + length;
    if (command.slice(0, start) !== without.slice(0, start) || command.slice(stop) !== without.slice(start)) continue;
    return others.some(([a, b]) => a < stop && b > start) ? undefined : [at - start, stop - end];
  }
  return undefined;
}
