/** The side panel for one edge: its two sockets (keys editable, e.g. an output glob) and its configuration. */
import { useEffect, useState } from 'react';
import { removeEdge } from '../../../shared/valohai/edit/document-edits.ts';
import { setEdge } from '../../../shared/valohai/edit/pipeline-edits.ts';
import { EDGE_KINDS, edgeKindOf, formatSocket, type Edge } from '../../../shared/valohai/model/edge.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { useEditor } from '../store/editor-store.ts';
import { EdgeMatches } from './edge-matches.tsx';
import { SubjectProblems } from './subject-problems.tsx';

export function EdgePanel({ pipeline, edge }: { pipeline: Pipeline; edge: Edge }) {
  const edit = useEditor((s) => s.edit);
  const configuration = edge.form === 'long' ? edge.configuration : {};
  const [source, setSource] = useState(formatSocket(edge.source));
  const [target, setTarget] = useState(formatSocket(edge.target));
  const [pick, setPick] = useState(typeof configuration['pick'] === 'string' ? configuration['pick'] : '');
  const [by, setBy] = useState(typeof configuration['by'] === 'string' ? configuration['by'] : '');
  useEffect(() => {
    setSource(formatSocket(edge.source));
    setTarget(formatSocket(edge.target));
    setPick(typeof configuration['pick'] === 'string' ? configuration['pick'] : '');
    setBy(typeof configuration['by'] === 'string' ? configuration['by'] : '');
  }, [edge, configuration]);
  const kind = edgeKindOf(edge.source.type, edge.target.type);
  // The source as being written (node.type.key, split on the first two dots), for what it would take.
  const [draftNode = '', draftType = '', ...draftKey] = source.trim().split('.');
  const drafted = draftKey.length > 0 ? { node: draftNode, type: draftType, key: draftKey.join('.') } : undefined;
  const fromTask = pipeline.nodes.find((n) => n.name === edge.source.node)?.type === 'task';
  const save = (): void => {
    const { pick: _pick, by: _by, ...rest } = configuration;
    const next = pick && by ? { ...rest, pick, by } : rest;
    edit((t) => setEdge(t, pipeline.name, edge.index, source.trim(), target.trim(), next));
  };
  return (
    <div className="panel-body" data-testid="edge-panel">
      <h2>Edge</h2>
      <p className="muted">{kind ? EDGE_KINDS[kind] : 'an edge kind Valohai does not know'}</p>
      <SubjectProblems about={(s) => s.kind === 'edge' && s.pipeline === pipeline.name && s.edgeIndex === edge.index} />
      <div className="field">
        <label htmlFor="edge-source">Source</label>
        <input id="edge-source" value={source} onChange={(e) => setSource(e.target.value)} onBlur={save} onKeyDown={(e) => e.key === 'Enter' && save()} />
        {drafted?.type === 'output' && <EdgeMatches pipeline={pipeline.name} node={drafted.node} pattern={drafted.key} pick={fromTask && pick && by ? `${pick} ${by}` : undefined} />}
      </div>
      <div className="field">
        <label htmlFor="edge-target">Target</label>
        <input id="edge-target" value={target} onChange={(e) => setTarget(e.target.value)} onBlur={save} onKeyDown={(e) => e.key === 'Enter' && save()} />
      </div>
      {fromTask && (
        <fieldset>
          <legend>Pass only the best child (Pipewright; valid Valohai YAML)</legend>
          <div className="field">
            <label htmlFor="edge-pick">pick</label>
            <select id="edge-pick" value={pick} onChange={(e) => setPick(e.target.value)} onBlur={save}>
              <option value="">all children</option>
              <option value="max">max</option>
              <option value="min">min</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="edge-by">by metadata key</label>
            <input id="edge-by" value={by} onChange={(e) => setBy(e.target.value)} onBlur={save} placeholder="accuracy" />
          </div>
        </fieldset>
      )}
      <button type="button" className="danger" onClick={() => edit((t) => removeEdge(t, pipeline.name, edge.index), { select: { kind: 'none' } })}>
        Delete edge
      </button>
    </div>
  );
}
