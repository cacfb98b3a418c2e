/**
 * Started by the runner, in a session of its own. Reads `+PGID` / `-PGID` lines; when its
 * stdin closes (the runner exited or was killed), kills every group still listed.
 */
const groups = new Set<number>();
let pending = '';

process.stdin.on('data', (chunk: Buffer) => {
  pending += chunk.toString('utf8');
  let newline = pending.indexOf('\n');
  while (newline >= 0) {
    const line = pending.slice(0, newline).trim();
    pending = pending.slice(newline + 1);
    const pgid = Number(line.slice(1));
    if (Number.isInteger(pgid) && pgid > 1) {
      if (line.startsWith('+')) groups.add(pgid);
      else groups.delete(pgid);
    }
    newline = pending.indexOf('\n');
  }
});

process.stdin.on('end', () => {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(0);
});
