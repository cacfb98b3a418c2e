/**
 * A node's latest log lines: kept scrolled to the newest line as lines arrive (unless the reader
 * scrolled up to read an earlier one), and filtered by what the reader types (`error`, `epoch 5`).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../shared/run/events.ts';
import { shownText } from '../../../shared/run/shown-text.ts';
import { MAX_LINES } from './run-store.ts';

/** How near the bottom (px) still counts as at the bottom: the view then follows new lines. */
const AT_BOTTOM = 16;

/** `command`: what prints the whole log, said when only the latest MAX_LINES are shown. */
export function NodeLog({ lines, fromMany, command }: { lines: readonly (LogLine & { readonly execution: string })[]; fromMany: boolean; command: string }) {
  const [filter, setFilter] = useState('');
  const view = useRef<HTMLPreElement>(null);
  // Whether the view was at its bottom before this render: only then does it follow.
  const following = useRef(true);
  const wanted = filter.trim().toLowerCase();
  const shown = wanted === '' ? lines : lines.filter((l) => l.text.toLowerCase().includes(wanted));
  const last = shown.at(-1);
  useLayoutEffect(() => {
    const pre = view.current;
    if (pre && following.current) pre.scrollTop = pre.scrollHeight;
  }, [shown.length, last]);
  return (
    <div className="node-log">
      <div className="log-bar">
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="filter the log" aria-label="Filter the log" />
        <span className="muted" data-testid="log-count">
          {wanted === '' ? `${lines.length} line${lines.length === 1 ? '' : 's'}` : `${shown.length} of ${lines.length} lines`}
          {lines.length >= MAX_LINES ? ` (the latest; all: ${command})` : ''}
        </span>
      </div>
      <pre
        ref={view}
        className="log"
        data-testid="node-log"
        onScroll={(e) => {
          const pre = e.currentTarget;
          following.current = pre.scrollHeight - pre.scrollTop - pre.clientHeight <= AT_BOTTOM;
        }}
      >
        {shown.map((l, i) => (
          <span key={i} className={l.stream}>
            {fromMany ? `[${l.execution}] ` : ''}
            {shownText(l.text)}
            {'\n'}
          </span>
        ))}
      </pre>
    </div>
  );
}
