/**
 * Edge and pipeline-parameter checks: upstream's (both nodes exist, targets resolve) and what
 * it misses: nonsensical pairings, undeclared ports, parameter fan-in, cycles.
 */
import { meant, meantName } from './lint-nodes.ts';
import type { Finding, Fix, Subject, YamlPath } from '../diagnostic.ts';
import type { ValohaiConfig } from '../model/config.ts';
import type { Edge, Socket } from '../model/edge.ts';
import { formatSocket, parseSocket } from '../model/edge.ts';
import type { PipelineNode } from '../model/nodes/node.ts';
import type { Pipeline } from '../model/pipeline.ts';
import { canConnect } from '../../graph/connect.ts';
import { pipelineLevels } from '../../graph/levels.ts';
import { keyMatches, portsOf, stepOfNode } from '../../graph/ports.ts';
import { choices, nearestName } from '../../nearest-name.ts';
import { hasWildcard } from '../../run/valohai-glob.ts';

/** `node.input.parameter.x`: a kind written twice, the second one meant (`node.parameter.x`), and which end. */
function doubledType(edge: Edge): { readonly role: 'source' | 'target'; readonly socket: Socket } | undefined {
  for (const [role, socket] of [['source', edge.source], ['target', edge.target]] as const) {
    const dot = socket.key.indexOf('.');
    const meant = dot > 0 ? parseSocket(`${socket.node}.${socket.key}`) : undefined;
    if (meant?.ok) return { role, socket: meant.socket };
  }
  return undefined;
}

/** Where an edge's end is written: an item of `[source, target]`, or a key of the long form. */
function endPath(edge: Edge, role: 'source' | 'target'): YamlPath {
  return edge.form === 'short' ? [...edge.path, role === 'source' ? 0 : 1] : [...edge.path, role];
}

/** The fix that writes `socket` at `path`, named for what it changes. */
function socketFix(path: YamlPath, socket: Socket, what: string): { fix: Fix } {
  return { fix: { kind: 'set-value', label: `use ${what}`, path, value: formatSocket(socket) } };
}

/**
 * Where an edge feeds an input or parameter the node's step does not declare (and none near it
 * was meant), the fix that declares it on the step: a parameter fed by another takes its type.
 */
function declareFix(config: ValohaiConfig, node: PipelineNode, socket: Socket, from: Socket, fromNode: PipelineNode): Fix | undefined {
  const step = stepOfNode(config, node);
  if (!step || !/^[\w.-]+$/.test(socket.key)) return undefined;
  if (socket.type === 'input') return { kind: 'add-item', label: `declare input "${socket.key}" on step "${step.name}"`, path: [...step.path, 'inputs'], value: { name: socket.key } };
  if (socket.type !== 'parameter') return undefined;
  const fed = from.type === 'parameter' ? stepOfNode(config, fromNode)?.parameters.find((p) => p.name === from.key) : undefined;
  return { kind: 'add-item', label: `declare parameter "${socket.key}" on step "${step.name}"`, path: [...step.path, 'parameters'], value: { name: socket.key, type: fed?.type ?? 'string' } };
}

function undeclaredPort(config: ValohaiConfig, node: PipelineNode, socket: Socket): { readonly problem: string; readonly near: string | undefined } | undefined {
  const ports = portsOf(config, node);
  if (!ports.known) return undefined;
  const check = (names: readonly string[], what: string) => {
    if (keyMatches(socket.key, names)) return undefined;
    const unique = [...new Set(names)];
    return { problem: `${what} "${socket.key}" is not declared by node "${node.name}"${unique.length ? choices(socket.key, unique, 'it has') : ''}`, near: nearestName(socket.key, unique) };
  };
  switch (socket.type) {
    case 'input':
      return check(ports.inputs, 'input');
    case 'parameter':
      return check(ports.parameters, 'parameter');
    case 'environment-variable':
      return check(ports.environmentVariables, 'environment variable');
    case 'file':
      return check(ports.files, 'endpoint file');
    case 'output': {
      // Any file the step writes may be passed on; a near miss of a name the step declares is likely a typo.
      if (hasWildcard(socket.key) || ports.outputs.includes(socket.key)) return undefined;
      const near = nearestName(socket.key, ports.outputs);
      return near === undefined ? undefined : { problem: `output "${socket.key}" is not one node "${node.name}" declares (did you mean "${near}"? it declares: ${ports.outputs.join(', ')})`, near };
    }
    default:
      return undefined; // metadata is free text: any key
  }
}

function lintEdge(edge: Edge, pipeline: Pipeline, config: ValohaiConfig, nodes: Map<string, PipelineNode>): Finding[] {
  const subject: Subject = { kind: 'edge', pipeline: pipeline.name, edgeIndex: edge.index };
  const prefix = `Pipeline "${pipeline.name}" edge ${edge.source.node}.${edge.source.type}.${edge.source.key} → ${edge.target.node}.${edge.target.type}.${edge.target.key}`;
  const source = nodes.get(edge.source.node);
  const target = nodes.get(edge.target.node);
  const findings: Finding[] = [];
  for (const [end, role, node] of [[edge.source, 'source', source], [edge.target, 'target', target]] as const) {
    if (!node) {
      const at = endPath(edge, role);
      const near = meantName(end.node, [...nodes.keys()]);
      findings.push({ severity: 'error', code: 'edge-unknown-node', message: `${prefix}: ${role} node "${end.node}" does not exist${meant(end.node, [...nodes.keys()])}`, path: at, subject, ...(near === undefined ? {} : socketFix(at, { ...end, node: near }, `node "${near}"`)) });
    }
  }
  if (!source || !target) return findings;
  const verdict = canConnect({ nodeType: source.type, socketType: edge.source.type }, { nodeType: target.type, socketType: edge.target.type });
  if (!verdict.ok) {
    const doubled = doubledType(edge);
    const meantText = doubled === undefined ? '' : ` (did you mean ${formatSocket(doubled.socket)}?)`;
    findings.push({ severity: 'error', code: 'edge-kind-invalid', message: `${prefix}: ${verdict.reason}${meantText}`, path: edge.path, subject, ...(doubled === undefined ? {} : socketFix(endPath(edge, doubled.role), doubled.socket, formatSocket(doubled.socket))) });
    return findings;
  }
  for (const [socket, node, role] of [[edge.source, source, 'source'], [edge.target, target, 'target']] as const) {
    const found = undeclaredPort(config, node, socket);
    if (found) {
      const at = endPath(edge, role);
      const declare = role === 'target' && found.near === undefined ? declareFix(config, node, socket, edge.source, source) : undefined;
      const fix = found.near !== undefined ? socketFix(at, { ...socket, key: found.near }, `${socket.type === 'environment-variable' ? 'variable' : socket.type} "${found.near}"`) : declare ? { fix: declare } : {};
      findings.push({ severity: 'warning', code: 'edge-unknown-port', message: `${prefix}: ${found.problem}; Valohai allows it, but it will likely do nothing`, path: at, subject, ...fix });
    }
  }
  return findings;
}

function lintFanIn(pipeline: Pipeline): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, Edge>();
  for (const edge of pipeline.edges) {
    if (edge.target.type !== 'parameter') continue;
    const key = `${edge.target.node}.parameter.${edge.target.key}`;
    const first = seen.get(key);
    if (first) {
      findings.push({
        severity: 'error',
        code: 'edge-parameter-fan-in',
        message: `Pipeline "${pipeline.name}": parameter ${key} already has an edge (edge ${first.index + 1}); only one edge may fill a parameter`,
        path: edge.path,
        subject: { kind: 'edge', pipeline: pipeline.name, edgeIndex: edge.index },
      });
    } else {
      seen.set(key, edge);
    }
  }
  return findings;
}

/** A pipeline parameter that sets nothing; where nodes have a parameter of its name, they are named (one: the fix targets it). */
function noTargets(parameter: Pipeline['parameters'][number], config: ValohaiConfig, nodes: Map<string, PipelineNode>, prefix: string, subject: Subject): Finding {
  const having = [...nodes.values()].filter((node) => {
    const ports = portsOf(config, node);
    return ports.known && ports.parameters.includes(parameter.name);
  });
  const finding: Finding = { severity: 'warning', code: 'pipeline-parameter-no-targets', message: `${prefix}: no targets, so it sets nothing (no node here has a parameter "${parameter.name}")`, path: parameter.path, subject };
  if (having.length === 0) return finding;
  const targets = having.map((node) => formatSocket({ node: node.name, type: 'parameter', key: parameter.name }));
  const [one] = having.length === 1 ? having : [];
  const message = `${prefix}: no targets, so it sets nothing; to set ${one ? `node "${one.name}"'s parameter` : "the nodes' parameters"} of that name: targets: [${targets.join(', ')}]`;
  const [target = ''] = targets;
  return one ? { ...finding, message, fix: { kind: 'set-value', label: `target ${target}`, path: [...parameter.path, 'targets'], value: target } } : { ...finding, message };
}

function lintPipelineParameters(pipeline: Pipeline, config: ValohaiConfig, nodes: Map<string, PipelineNode>): Finding[] {
  const findings: Finding[] = [];
  for (const parameter of pipeline.parameters) {
    const subject: Subject = { kind: 'pipeline-parameter', pipeline: pipeline.name, parameter: parameter.name };
    const prefix = `Pipeline "${pipeline.name}" parameter "${parameter.name}"`;
    if (parameter.targets.length === 0) findings.push(noTargets(parameter, config, nodes, prefix, subject));
    for (const [index, target] of parameter.targets.entries()) {
      const at = parameter.targetPaths[index] ?? [...parameter.path, 'targets'];
      const parsed = parseSocket(target);
      if (!parsed.ok || parsed.socket.type !== 'parameter') {
        findings.push({ severity: 'error', code: 'pipeline-parameter-target-invalid', message: `${prefix}: target "${target}" must be node.parameter.name`, path: at, subject });
        continue;
      }
      if (parsed.plural) {
        const singular = formatSocket(parsed.socket);
        const written = parameter.targetPaths[index];
        const fix = written === undefined ? {} : { fix: { kind: 'set-value' as const, label: `write ${singular}`, path: written, value: singular } };
        findings.push({ severity: 'warning', code: 'pipeline-parameter-plural-target', message: `${prefix}: target "${target}" uses the plural '${parsed.plural}'; it is read as ${singular}, the form Valohai documents`, path: at, subject, ...fix });
      }
      const node = nodes.get(parsed.socket.node);
      if (!node) {
        const near = meantName(parsed.socket.node, [...nodes.keys()]);
        const fix = near === undefined ? {} : socketFix(parameter.targetPaths[index] ?? at, { ...parsed.socket, node: near }, `node "${near}"`);
        findings.push({ severity: 'error', code: 'pipeline-parameter-unknown-node', message: `${prefix}: target node "${parsed.socket.node}" does not exist${meant(parsed.socket.node, [...nodes.keys()])}`, path: at, subject, ...fix });
        continue;
      }
      const ports = portsOf(config, node);
      if (ports.known && !ports.parameters.includes(parsed.socket.key)) {
        const near = nearestName(parsed.socket.key, ports.parameters);
        findings.push({
          severity: 'error',
          code: 'pipeline-parameter-unknown-target',
          message: `${prefix}: target node "${node.name}" has no parameter "${parsed.socket.key}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`,
          path: at,
          subject,
          ...(near === undefined ? {} : socketFix(parameter.targetPaths[index] ?? at, { ...parsed.socket, key: near }, `parameter "${near}"`)),
        });
      }
    }
  }
  return findings;
}

function lintCycles(pipeline: Pipeline): Finding[] {
  return pipelineLevels(pipeline).cycles.map((cycle) => ({
    severity: 'error' as const,
    code: 'pipeline-cycle',
    message: `Pipeline "${pipeline.name}" has a cycle: ${cycle.join(' → ')}; no node in it could ever start`,
    path: [...pipeline.path, 'edges'],
    subject: { kind: 'pipeline', pipeline: pipeline.name } as const,
  }));
}

export function lintEdges(pipeline: Pipeline, config: ValohaiConfig): Finding[] {
  const nodes = new Map<string, PipelineNode>();
  for (const node of pipeline.nodes) if (!nodes.has(node.name)) nodes.set(node.name, node);
  return [
    ...pipeline.edges.flatMap((edge) => lintEdge(edge, pipeline, config, nodes)),
    ...lintFanIn(pipeline),
    ...lintPipelineParameters(pipeline, config, nodes),
    ...lintCycles(pipeline),
  ];
}
