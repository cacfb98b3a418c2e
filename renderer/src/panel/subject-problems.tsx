/** The problems of what the side panel shows (a node, an edge), with their fixes: what its card's badge or the edge's colour only hints at. */
import type { Subject } from '../../../shared/valohai/diagnostic.ts';
import { FixButton } from '../fix-button.tsx';
import { useImported } from '../store/imported.ts';

export function SubjectProblems({ about }: { about: (subject: Subject) => boolean }) {
  const { diagnostics } = useImported();
  const mine = diagnostics.filter((d) => about(d.subject));
  if (mine.length === 0) return null;
  return (
    <ul className="subject-problems" aria-label="Its problems" data-testid="subject-problems">
      {mine.map((d, i) => (
        <li key={i} className={d.severity}>
          <span className="message">{d.message}</span>
          {d.fix && <FixButton fix={d.fix} />}
        </li>
      ))}
    </ul>
  );
}
