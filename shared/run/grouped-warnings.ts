/**
 * Warnings said alike of several nodes, said once for all of them (`nodes "a", "b": each one's
 * command runs pip install`): the CLI's run and show, and the editor's run bar, say them so.
 */

/** In order of first appearance; a message about `node "X"` joins others that differ only in the name. */
export function grouped<W extends { readonly node?: string | null; readonly message: string }>(warnings: readonly W[]): W[] {
  const groups = new Map<string, { first: W; nodes: string[] }>();
  for (const warning of warnings) {
    const named = typeof warning.node === 'string' && warning.message.includes(`node "${warning.node}"`);
    const key = named ? `node:${warning.message.replaceAll(`node "${warning.node as string}"`, '\u0000')}` : `text:${warning.message}`;
    const group = groups.get(key);
    if (group && named && !group.nodes.includes(warning.node as string)) group.nodes.push(warning.node as string);
    else if (!group) groups.set(key, { first: warning, nodes: named ? [warning.node as string] : [] });
  }
  return [...groups.values()].map(({ first, nodes }) => {
    if (nodes.length < 2) return first;
    const names = `nodes ${nodes.map((n) => `"${n}"`).join(', ')}`;
    const message = first.message.replace(`node "${first.node as string}": its `, `${names}: each one's `).replaceAll(`node "${first.node as string}"`, names);
    return { ...first, message };
  });
}
