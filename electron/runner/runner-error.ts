/** A refusal of the runner's, with the exit code the CLI gives it. */
export class RunnerError extends Error {
  /** 1: the run cannot happen as asked; 2: the request itself is wrong (unknown run, node). */
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
