/** Generated pipelines for the benchmarks, as valohai.yaml and as an equivalent Makefile. */
export interface Graph {
  readonly name: string;
  readonly nodes: readonly string[];
  readonly edges: readonly (readonly [string, string])[];
}

export const COMMAND = 'echo x > /dev/null';

export function chain(n: number): Graph {
  const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
  return { name: `chain of ${n}`, nodes, edges: nodes.slice(1).map((node, i) => [nodes[i] as string, node] as const) };
}

export function fan(width: number): Graph {
  const middle = Array.from({ length: width }, (_, i) => `m${i}`);
  return {
    name: `fan-out 1→${width}→1`,
    nodes: ['source', ...middle, 'sink'],
    edges: [...middle.map((m) => ['source', m] as const), ...middle.map((m) => [m, 'sink'] as const)],
  };
}

export function lattice(size: number): Graph {
  const id = (r: number, c: number): string => `r${r}c${c}`;
  const nodes: string[] = [];
  const edges: [string, string][] = [];
  for (let r = 0; r < size; r += 1) {
    for (let c = 0; c < size; c += 1) {
      nodes.push(id(r, c));
      if (r > 0) edges.push([id(r - 1, c), id(r, c)]);
      if (c > 0) edges.push([id(r, c - 1), id(r, c)]);
    }
  }
  return { name: `${size}×${size} lattice`, nodes, edges };
}

export function single(): Graph {
  return { name: 'one node', nodes: ['only'], edges: [] };
}

export function toValohaiYaml(graph: Graph, command = COMMAND): string {
  return [
    '- step:',
    '    name: work',
    '    image: busybox',
    `    command: ${JSON.stringify(command)}`,
    '- pipeline:',
    '    name: bench',
    '    nodes:',
    ...graph.nodes.map((n) => `      - {name: ${n}, type: execution, step: work}`),
    `    edges:${graph.edges.length === 0 ? ' []' : ''}`,
    ...graph.edges.map(([a, b]) => `      - [${a}.dependency.x, ${b}.dependency.x]`),
    '',
  ].join('\n');
}

/** With `stamps`, each target is a file the recipe touches, so a second `make` has nothing to do. */
export function toMakefile(graph: Graph, command = COMMAND, stamps = false): string {
  const deps = new Map<string, string[]>(graph.nodes.map((n) => [n, []]));
  for (const [a, b] of graph.edges) deps.get(b)?.push(a);
  const sinks = graph.nodes.filter((n) => !graph.edges.some(([a]) => a === n));
  return [
    `all: ${sinks.join(' ')}`,
    stamps ? '.PHONY: all' : `.PHONY: all ${graph.nodes.join(' ')}`,
    ...graph.nodes.map((n) => `${n}: ${(deps.get(n) ?? []).join(' ')}\n\t@${command}${stamps ? ` && touch ${n}` : ''}`),
    '',
  ].join('\n');
}
