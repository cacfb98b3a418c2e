/**
 * A closed pipe (`pipewright logs … | head`, once head has quit) ends the command quietly, as in
 * other Unix tools, with the exit code it had come to: `validate | head` of a file with errors
 * still exits 1 (it exited 0, so `set -o pipefail` scripts read a broken file as valid). A command
 * still going (`logs --follow`) ends with 0, as before. Any other failure to write is exit 3.
 * (`run` puts its own handling in place while a run goes: commands/run.ts.)
 */
export function endQuietlyOnClosedOutput(): void {
  let closed = false;
  const onError = (error: NodeJS.ErrnoException): void => {
    if (closed) return; // (writes after the first failure fail too)
    if (error.code !== 'EPIPE') process.exit(3);
    closed = true;
    // After the command's own turn: a command whose last writes failed has set its code by then.
    setImmediate(() => process.exit(process.exitCode ?? 0));
  };
  for (const stream of [process.stdout, process.stderr]) stream.on('error', onError);
}
