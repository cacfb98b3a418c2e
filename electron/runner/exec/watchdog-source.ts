/**
 * The watchdog, for executions Node starts itself (where the launcher cannot run): started by
 * the runner in a group of its own, it reads `+PGID` / `-PGID` lines; when its stdin closes (the
 * runner exited or was killed), it kills every group still listed. Kept as source text (run by
 * `node -e`), so the bundled Electron main process finds it as the CLI does.
 */
export const WATCHDOG_SOURCE = String.raw`
const groups = new Set();
let pending = '';
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk.toString('utf8')).split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line.startsWith('+')) groups.add(pgid);
    else groups.delete(pgid);
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
`;
