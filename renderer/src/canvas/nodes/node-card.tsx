/**
 * The card every node kind draws: a header (kind, name, what it runs), while it runs what it uses
 * of the machine, key parameters, badges for approval gates, conditions and problems, and one row per port with a typed handle: targets on
 * the left, sources on the right, coloured by socket type.
 */
import { sweepText } from '../../../../shared/run/sweep-count.ts';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import { together, usageLine } from '../../../../shared/run/usage.ts';
import { fetchAmount } from '../../../../shared/run/fetch-progress.ts';
import { statusWords, useNodeRun, type InputFetch } from '../../run/run-store.ts';
import { DEPENDENCY, type CardNode, type Port } from '../flow-model.ts';

const KIND_LABEL = { execution: 'Execution', task: 'Task', deployment: 'Deployment' } as const;

function PortRow({ port, side }: { port: Port; side: 'target' | 'source' }) {
  return (
    <div className={`port port-${side} socket-${port.type}${port.declared ? '' : ' undeclared'}`} title={port.declared ? `${port.type}: ${port.label}` : `${port.type} ${port.label}: only an edge names it; the node's step does not declare it, so it will likely do nothing`}>
      <Handle type={side} position={side === 'target' ? Position.Left : Position.Right} id={port.id} className={`handle socket-${port.type}`} aria-label={`${port.type} ${port.label}`} />
      <span className="port-type">{port.type === 'environment-variable' ? 'env' : port.type}</span>
      <span className="port-label">{port.label}</span>
    </div>
  );
}

/** Its inputs' downloads under way, each with how far it has come (the command starts once they are in). */
function InputFetches({ fetches, node }: { fetches: readonly InputFetch[]; node: string }) {
  return (
    <div className="node-fetching" data-testid={`fetching-${node}`}>
      {fetches.map((f) => (
        <div key={`${f.input} ${f.url}`} title={`Fetching ${f.url} for input "${f.input}"`}>
          <span>
            ↓ {f.input}: {fetchAmount({ ...f, done: false })}
          </span>
          {f.total !== null && f.total > 0 && <progress value={f.received} max={f.total} aria-label={`${f.input} fetched`} />}
        </div>
      ))}
    </div>
  );
}

export const NodeCard = memo(function NodeCard({ data, selected, extra }: NodeProps<CardNode> & { extra?: ReactNode }) {
  const problems = data.errors.length > 0 ? 'has-errors' : data.warnings.length > 0 ? 'has-warnings' : '';
  const run = useNodeRun(data.pipeline, data.name);
  return (
    <div className={`node-card kind-${data.kind} ${problems} ${selected ? 'selected' : ''} ${run ? `run-${run.status}` : ''}`} data-node={data.name} data-testid={`node-${data.name}`} data-run-status={run?.status}>
      {/* Ordering only: "run after" on the left, "then" on the right, on the header line. */}
      <Handle type="target" position={Position.Left} id={DEPENDENCY} className="handle socket-dependency handle-dependency" aria-label="dependency: runs after" title="dependency: runs after" />
      <Handle type="source" position={Position.Right} id={DEPENDENCY} className="handle socket-dependency handle-dependency" aria-label="dependency: then" title="dependency: then" />
      <header className="node-header">
        <span className="node-kind">{KIND_LABEL[data.kind]}</span>
        <span className="node-badges">
          {run && <span className={`badge run-chip run-${run.status}`}>{statusWords(run.status)}</span>}
          {data.approval && run?.status !== 'awaiting-approval' && (
            <span className="badge badge-approval" title="Waits for a person's approval">
              approval
            </span>
          )}
          {data.conditions.length > 0 && (
            <span className="badge badge-condition" title={data.conditions.join('\n')}>
              if ×{data.conditions.length}
            </span>
          )}
          {data.errors.length > 0 && (
            <span className="badge badge-error" title={data.errors.join('\n')}>
              {data.errors.length} error{data.errors.length > 1 ? 's' : ''}
            </span>
          )}
          {data.errors.length === 0 && data.warnings.length > 0 && (
            <span className="badge badge-warning" title={data.warnings.join('\n')}>
              {data.warnings.length} warning{data.warnings.length > 1 ? 's' : ''}
            </span>
          )}
        </span>
      </header>
      <div className="node-name">{data.name}</div>
      <div className="node-subtitle">{data.subtitle}</div>
      {run?.status === 'running' && run.sweep && (
        <div className="node-sweep" data-testid={`sweep-${data.name}`}>
          {sweepText(run.sweep)}
        </div>
      )}
      {run?.status === 'running' && run.using && Object.keys(run.using).length > 0 && (
        <div className="node-using" data-testid={`using-${data.name}`} title="What its running executions use of this machine now">
          {usageLine(together(Object.values(run.using)))}
        </div>
      )}
      {run?.status === 'running' && run.fetching && <InputFetches fetches={Object.values(run.fetching)} node={data.name} />}
      {extra}
      {data.params.length > 0 && (
        <dl className="node-params">
          {data.params.map((p) => (
            <div key={p.name} className={p.overridden ? 'overridden' : ''}>
              <dt title={p.name}>{p.name}</dt>
              <dd title={p.value}>{p.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="node-ports">
        {data.targets.map((port) => (
          <PortRow key={port.id} port={port} side="target" />
        ))}
        {data.sources.map((port) => (
          <PortRow key={port.id} port={port} side="source" />
        ))}
      </div>
    </div>
  );
});
