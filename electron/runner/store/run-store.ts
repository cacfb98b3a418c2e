/**
 * The durable record of runs: every state change is committed here before it is announced, so
 * another process (the CLI's `approve`, `show`, `logs`; the UI) sees the same truth, and a
 * restarted runner resumes from it.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { ExecutionStatus, MetadataValue, NodeStatus, RunEvent, RunStatus } from '../../../shared/run/events.ts';
import { commitOtherBatches, holdBatch, releaseBatch, rollBack, transaction } from './database.ts';
import type { OutputMetadata } from '../files/output-metadata.ts';
import type { InheritedFile } from './datum-index.ts';
import type { UsageSample } from '../../../shared/run/usage.ts';
import { executionFrom, nodeFrom, runFrom, RUN_HEAD_COLUMNS, runHeadFrom, type ApprovalRow, type ExecutionRow, type NodeRow, type OutputRow, type Row, type RunHead, type RunRow } from './rows.ts';

export type { ApprovalRow, ExecutionRow, NodeRow, OutputRow, RunHead, RunRow } from './rows.ts';

/** How long a batch of writes stays open: events are announced this much later at most. */
const GROUP_COMMIT_MS = 20;

/** What a write statement is used for: running it. */
interface Writer {
  run(...params: SQLInputValue[]): unknown;
}
const NO_WRITE: Writer = { run: () => undefined };

export class RunStore {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  /** A runner's write statements, each made once (see write). */
  private readonly writers = new Map<string, Writer>();
  private batchOpen = false;
  private batching = false;
  private readonly afterCommit: (() => void)[] = [];
  private batchLost: ((error: unknown) => void) | undefined;
  /** Why a runner's store can save nothing more (see lose). */
  private lost: unknown;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /** Prepared once, reused: preparing a statement costs more than running it. */
  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /**
   * Groups the writes of a few milliseconds (GROUP_COMMIT_MS) into one transaction; `then` runs
   * after the commit. So a burst of state changes costs one commit, and nothing is announced
   * before it is durable. (Per turn of the event loop, a 1000-wide fan-out committed ~4000 times.)
   */
  batch(then: () => void): void {
    if (this.lost !== undefined) return; // nothing is saved any more, so nothing more is announced
    this.openBatch();
    this.afterCommit.push(then);
  }

  /** From now on every write joins the batch of its turn (a runner does this; one-off commands do not). */
  enableBatching(): void {
    this.batching = true;
  }

  private openBatch(): void {
    if (this.batchOpen || this.db.isTransaction) return;
    commitOtherBatches(this.db);
    this.db.exec('BEGIN IMMEDIATE');
    this.batchOpen = true;
    holdBatch(this.db, () => this.commitBatch());
    setTimeout(() => this.commitBatch(), GROUP_COMMIT_MS);
  }

  /**
   * A statement that writes: in the turn's batch, or alone once no batch of this process is in its
   * way. A runner's writes come from timers and process output as well as from the engine, so
   * there a failed one (a full disk) does not throw: the store is lost (see lose).
   */
  private write(text: string): Writer {
    if (!this.batching) {
      if (!this.db.isTransaction) commitOtherBatches(this.db);
      return this.sql(text);
    }
    if (this.lost !== undefined || !this.db.isOpen) return NO_WRITE;
    try {
      this.openBatch();
    } catch (error) {
      this.lose(error);
      return NO_WRITE;
    }
    let writer = this.writers.get(text);
    if (!writer) {
      const statement = this.sql(text);
      writer = {
        run: (...params) => {
          if (this.lost !== undefined) return;
          try {
            statement.run(...params);
          } catch (error) {
            this.lose(error);
          }
        },
      };
      this.writers.set(text, writer);
    }
    return writer;
  }

  /**
   * A write or commit failed (a full disk): the open batch is undone (SQLite may have undone it
   * already), what it would have announced is dropped, later writes do nothing, and the handler
   * given to onBatchLost hears why once, after the current step (it stops the run).
   */
  private lose(error: unknown): void {
    if (this.lost !== undefined) return;
    this.lost = error;
    this.batchOpen = false;
    releaseBatch(this.db);
    rollBack(this.db);
    this.afterCommit.length = 0;
    const handler = this.batchLost;
    if (!handler) throw error;
    queueMicrotask(() => handler(error));
  }

  /**
   * Commits what is open and closes the connection: a long-lived process (the editor's host) opens
   * one per run, approval and cancel, and leaked two file descriptors each until it ran out.
   */
  close(): void {
    this.commitBatch();
    releaseBatch(this.db);
    if (this.db.isOpen) this.db.close();
  }

  /**
   * Commits the open batch now (before reading from another connection, or at exit). A batch that
   * cannot be committed (a full disk) is lost whole, writes and announcements (see lose).
   */
  commitBatch(): void {
    if (!this.batchOpen) return;
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      this.lose(error);
      return;
    }
    this.batchOpen = false;
    releaseBatch(this.db);
    const callbacks = this.afterCommit.splice(0);
    for (const callback of callbacks) callback();
  }

  /** Who hears of a batch that could not be committed (see commitBatch). */
  onBatchLost(handler: (error: unknown) => void): void {
    this.batchLost = handler;
  }

  createRun(input: { pipeline: string; planJson: string; optionsJson: string; runnerPid: number; runnerStart: string; nodes: readonly string[] }): RunRow {
    return transaction(this.db, () => {
      const { next } = this.sql('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM runs').get() as { next: number };
      const id = String(next);
      this
        .write('INSERT INTO runs (id, seq, pipeline, status, created_at, runner_pid, runner_start, plan_json, options_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, next, input.pipeline, 'running', Date.now(), input.runnerPid, input.runnerStart, input.planJson, input.optionsJson);
      const insert = this.write("INSERT INTO nodes (run_id, name, status) VALUES (?, ?, 'pending')");
      for (const node of input.nodes) insert.run(id, node);
      return this.getRun(id) as RunRow;
    });
  }

  getRun(id: string): RunRow | undefined {
    const row = this.sql('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return row ? runFrom(row) : undefined;
  }

  latestRun(pipeline?: string): RunRow | undefined {
    const row = (pipeline
      ? this.sql('SELECT * FROM runs WHERE pipeline = ? ORDER BY seq DESC LIMIT 1').get(pipeline)
      : this.sql('SELECT * FROM runs ORDER BY seq DESC LIMIT 1').get()) as Row | undefined;
    return row ? runFrom(row) : undefined;
  }

  /** The newest runs first (of one pipeline, if named), without their plans (getRun has them). */
  listRuns(limit = 50, pipeline?: string): RunHead[] {
    const rows = pipeline === undefined
      ? this.sql(`SELECT ${RUN_HEAD_COLUMNS} FROM runs ORDER BY seq DESC LIMIT ?`).all(limit)
      : this.sql(`SELECT ${RUN_HEAD_COLUMNS} FROM runs WHERE pipeline = ? ORDER BY seq DESC LIMIT ?`).all(pipeline, limit);
    return (rows as Row[]).map(runHeadFrom);
  }

  /** How many runs there are (of one pipeline, if named). */
  countRuns(pipeline?: string): number {
    const row = (pipeline === undefined
      ? this.sql('SELECT COUNT(*) AS n FROM runs').get()
      : this.sql('SELECT COUNT(*) AS n FROM runs WHERE pipeline = ?').get(pipeline)) as { n: number };
    return Number(row.n);
  }

  /** The runs recorded as running (their runners may have died since). */
  runningRuns(): RunRow[] {
    return (this.sql("SELECT * FROM runs WHERE status = 'running'").all() as Row[]).map(runFrom);
  }

  claimRun(id: string, runnerPid: number, runnerStart: string): void {
    this.write("UPDATE runs SET status = 'running', finished_at = NULL, error = NULL, cancel_requested = 0, runner_pid = ?, runner_start = ? WHERE id = ?").run(runnerPid, runnerStart, id);
  }

  finishRun(id: string, status: RunStatus, error?: string): void {
    this.write('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?').run(status, Date.now(), error ?? null, id);
  }

  /** As a runner that stopped before its run finished leaves it: what ran or was queued is interrupted; a pending approval stays pending. */
  interruptRun(id: string, error: string): void {
    const at = Date.now();
    this.write("UPDATE executions SET status = 'interrupted', finished_at = ?, error = 'the runner stopped' WHERE run_id = ? AND status = 'running'").run(at, id);
    this.write("UPDATE nodes SET status = 'interrupted' WHERE run_id = ? AND status IN ('queued', 'running')").run(id);
    this.write("UPDATE runs SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ?").run(at, error, id);
  }

  requestCancel(id: string): void {
    this.write('UPDATE runs SET cancel_requested = 1 WHERE id = ?').run(id);
  }

  isCancelRequested(id: string): boolean {
    const row = this.sql('SELECT cancel_requested FROM runs WHERE id = ?').get(id) as { cancel_requested: number } | undefined;
    return row?.cancel_requested === 1;
  }

  getNodes(runId: string): NodeRow[] {
    return (this.sql('SELECT * FROM nodes WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]).map(nodeFrom);
  }

  setNode(runId: string, name: string, status: NodeStatus, fields: { error?: string | null; reusedFrom?: string; started?: boolean; finished?: boolean; attempt?: boolean } = {}): void {
    const now = Date.now();
    this
      .write(
        `UPDATE nodes SET status = ?, error = ?,
           reused_from = COALESCE(?, reused_from),
           started_at = CASE WHEN ? THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? THEN ? ELSE finished_at END,
           attempts = attempts + ?
         WHERE run_id = ? AND name = ?`,
      )
      .run(status, fields.error ?? null, fields.reusedFrom ?? null, fields.started ? 1 : 0, now, fields.finished ? 1 : 0, now, fields.attempt ? 1 : 0, runId, name);
  }

  insertExecution(row: Omit<ExecutionRow, 'finishedAt' | 'exitCode' | 'error' | 'status' | 'sourceExecution'>): void {
    this
      .write(
        "INSERT INTO executions (id, run_id, node, child, attempt, status, started_at, pid, dir, command, parameters_json, env_json, cache_key, cache_material_json) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(row.id, row.runId, row.node, row.child, row.attempt, row.startedAt, row.pid, row.dir, row.command, row.parametersJson, row.envJson, row.cacheKey, row.cacheMaterialJson);
  }

  /** Records, in one transaction, an execution of this run that reuses an earlier one's results. */
  insertReusedExecution(id: string, runId: string, node: string, child: number, source: ExecutionRow): void {
    transaction(this.db, () => {
      this
        .write(
          "INSERT INTO executions (id, run_id, node, child, attempt, status, started_at, finished_at, exit_code, dir, command, parameters_json, env_json, cache_key, cache_material_json, source_execution) VALUES (?, ?, ?, ?, 1, 'succeeded', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(id, runId, node, child, Date.now(), Date.now(), source.dir, source.command, source.parametersJson, source.envJson, source.cacheKey, source.cacheMaterialJson, source.sourceExecution ?? source.id);
      this.write('INSERT INTO outputs (execution_id, path, size, sha256) SELECT ?, path, size, sha256 FROM outputs WHERE execution_id = ?').run(id, source.id);
      this.write('INSERT INTO metadata (execution_id, seq, at, values_json) SELECT ?, seq, at, values_json FROM metadata WHERE execution_id = ?').run(id, source.id);
      // Its outputs' metadata is shown with them; their aliases stay where they were given.
      this.write('INSERT INTO output_metadata (execution_id, path, metadata_json) SELECT ?, path, metadata_json FROM output_metadata WHERE execution_id = ?').run(id, source.id);
    });
  }

  setExecutionPid(id: string, pid: number): void {
    this.write('UPDATE executions SET pid = ? WHERE id = ?').run(pid, id);
  }

  /**
   * Records the end of an execution, its output files and their metadata (aliases, dataset
   * versions: files/output-metadata.ts) in one transaction.
   */
  finishExecution(id: string, status: ExecutionStatus, exitCode: number | null, error: string | undefined, outputs: readonly OutputRow[], described: readonly OutputMetadata[] = [], inherited: readonly InheritedFile[] = []): void {
    transaction(this.db, () => {
      const at = Date.now();
      this.write('UPDATE executions SET status = ?, exit_code = ?, error = ?, finished_at = ? WHERE id = ?').run(status, exitCode, error ?? null, at, id);
      const insert = this.write('INSERT OR REPLACE INTO outputs (execution_id, path, size, sha256) VALUES (?, ?, ?, ?)');
      for (const o of outputs) insert.run(id, o.path, o.size, o.sha256);
      const metadata = this.write('INSERT OR REPLACE INTO output_metadata (execution_id, path, metadata_json) VALUES (?, ?, ?)');
      const label = this.write('INSERT INTO output_labels (execution_id, path, kind, label, target, at) VALUES (?, ?, ?, ?, ?, ?)');
      for (const d of described) {
        metadata.run(id, d.path, JSON.stringify(d.metadata));
        // Only a finished execution names files for later runs.
        if (status === 'succeeded') for (const l of d.labels) label.run(id, d.path, l.kind, l.label, l.kind === 'dataset-alias' ? l.target : null, at);
      }
      // A version made `from` another holds that one's files too (their own executions' outputs).
      if (status === 'succeeded') for (const f of inherited) label.run(f.executionId, f.path, 'dataset', f.version, null, at);
    });
  }

  getExecutions(runId: string, node?: string): ExecutionRow[] {
    const rows = node
      ? this.sql('SELECT * FROM executions WHERE run_id = ? AND node = ? ORDER BY started_at, id').all(runId, node)
      : this.sql('SELECT * FROM executions WHERE run_id = ? ORDER BY started_at, id').all(runId);
    return (rows as Row[]).map(executionFrom);
  }

  /** A pipeline node's finished executions over its runs, the newest run first. */
  nodeExecutions(pipeline: string, node: string, limit: number): ExecutionRow[] {
    const rows = this.sql(
      "SELECT e.* FROM executions e JOIN runs r ON r.id = e.run_id WHERE r.pipeline = ? AND e.node = ? AND e.status != 'running' ORDER BY r.seq DESC, e.child, e.started_at, e.id LIMIT ?",
    ).all(pipeline, node, limit);
    return (rows as Row[]).map(executionFrom);
  }

  getExecution(id: string): ExecutionRow | undefined {
    const row = this.sql('SELECT * FROM executions WHERE id = ?').get(id) as Row | undefined;
    return row ? executionFrom(row) : undefined;
  }

  getOutputs(executionId: string): OutputRow[] {
    return this.sql('SELECT path, size, sha256 FROM outputs WHERE execution_id = ? ORDER BY path').all(executionId) as unknown as OutputRow[];
  }

  setOutputHash(executionId: string, path: string, sha256: string): void {
    this.write('UPDATE outputs SET sha256 = ? WHERE execution_id = ? AND path = ?').run(sha256, executionId, path);
  }

  /** The newest successful execution of a node (in any run) that recorded what its cache key was made of. */
  lastCachedExecution(node: string, pipeline: string): ExecutionRow | undefined {
    const row = this
      .sql(
        "SELECT e.* FROM executions e JOIN runs r ON r.id = e.run_id WHERE e.node = ? AND r.pipeline = ? AND e.status = 'succeeded' AND e.cache_material_json IS NOT NULL ORDER BY e.finished_at DESC LIMIT 1",
      )
      .get(node, pipeline) as Row | undefined;
    return row ? executionFrom(row) : undefined;
  }

  /**
   * Content that changed after it was recorded (a step wrote into its input in place): no
   * execution that produced it, nor any reuse of one, is served from the cache again.
   */
  forgetCachedContent(sha256: string): void {
    this.write(
      'UPDATE executions SET cache_key = NULL WHERE id IN (SELECT execution_id FROM outputs WHERE sha256 = ?) OR source_execution IN (SELECT execution_id FROM outputs WHERE sha256 = ?)',
    ).run(sha256, sha256);
  }

  /** The newest successful execution with this cache key. */
  findByCacheKey(key: string): ExecutionRow | undefined {
    const row = this.sql("SELECT * FROM executions WHERE cache_key = ? AND status = 'succeeded' ORDER BY finished_at DESC LIMIT 1").get(key) as Row | undefined;
    return row ? executionFrom(row) : undefined;
  }

  addMetadata(executionId: string, at: number, values: Readonly<Record<string, MetadataValue>>): void {
    this
      .write('INSERT INTO metadata (execution_id, seq, at, values_json) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM metadata WHERE execution_id = ?), ?, ?)')
      .run(executionId, executionId, at, JSON.stringify(values));
  }

  /** Every metadata key's latest value for an execution. */
  latestMetadata(executionId: string): Record<string, MetadataValue> {
    const rows = this.sql('SELECT values_json FROM metadata WHERE execution_id = ? ORDER BY seq').all(executionId) as { values_json: string }[];
    const latest: Record<string, MetadataValue> = {};
    // A loop, not one Object.assign(...rows): a step printing 200 000 metadata lines overflowed the stack.
    for (const row of rows) Object.assign(latest, JSON.parse(row.values_json) as Record<string, MetadataValue>);
    return latest;
  }

  metadataSeries(executionId: string): { at: number; values: Record<string, MetadataValue> }[] {
    const rows = this.sql('SELECT at, values_json FROM metadata WHERE execution_id = ? ORDER BY seq').all(executionId) as { at: number; values_json: string }[];
    return rows.map((r) => ({ at: r.at, values: JSON.parse(r.values_json) as Record<string, MetadataValue> }));
  }

  addUsage(executionId: string, sample: UsageSample): void {
    this.write('INSERT INTO usage (execution_id, at, span_ms, cpu, memory_mb, gpus_json) VALUES (?, ?, ?, ?, ?, ?)').run(executionId, sample.at, sample.spanMs, sample.cpu, sample.memoryMb, JSON.stringify(sample.gpus));
  }

  /** What an execution used, oldest first; none for a store older than the usage table. */
  usage(executionId: string): UsageSample[] {
    let rows: { at: number; span_ms: number; cpu: number | null; memory_mb: number | null; gpus_json: string }[];
    try {
      rows = this.sql('SELECT at, span_ms, cpu, memory_mb, gpus_json FROM usage WHERE execution_id = ? ORDER BY at').all(executionId) as typeof rows;
    } catch (error) {
      if (/no such table/.test(String(error))) return []; // a store opened read-only, older than the table
      throw error;
    }
    return rows.map((r) => ({ at: r.at, spanMs: r.span_ms, cpu: r.cpu, memoryMb: r.memory_mb, gpus: JSON.parse(r.gpus_json) as UsageSample['gpus'] }));
  }

  appendEvent(event: RunEvent): void {
    this.write('INSERT INTO events (run_id, at, type, payload_json) VALUES (?, ?, ?, ?)').run(event.runId, event.at, event.type, JSON.stringify(event));
  }

  /** The run's warnings, oldest first (at most `limit`). */
  warnings(runId: string, limit = 200): { node: string | null; message: string }[] {
    const rows = this.sql("SELECT payload_json FROM events WHERE run_id = ? AND type = 'run:warning' ORDER BY seq LIMIT ?").all(runId, limit) as { payload_json: string }[];
    return rows.map((r) => {
      const event = JSON.parse(r.payload_json) as { node?: string; message: string };
      return { node: event.node ?? null, message: event.message };
    });
  }

  /** Each node's latest start (its `node:start` event): how many executions it has, and when it started them. */
  nodeStarts(runId: string): Map<string, Extract<RunEvent, { type: 'node:start' }>> {
    const rows = this.sql("SELECT payload_json FROM events WHERE run_id = ? AND type = 'node:start' ORDER BY seq").all(runId) as { payload_json: string }[];
    const starts = new Map<string, Extract<RunEvent, { type: 'node:start' }>>();
    for (const row of rows) {
      const event = JSON.parse(row.payload_json) as Extract<RunEvent, { type: 'node:start' }>;
      starts.set(event.node, event);
    }
    return starts;
  }

  events(runId: string, afterSeq = 0): { seq: number; event: RunEvent }[] {
    const rows = this.sql('SELECT seq, payload_json FROM events WHERE run_id = ? AND seq > ? ORDER BY seq').all(runId, afterSeq) as { seq: number; payload_json: string }[];
    return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.payload_json) as RunEvent }));
  }

  requestApproval(runId: string, node: string): ApprovalRow {
    this.write("INSERT OR IGNORE INTO approvals (run_id, node, status, requested_at) VALUES (?, ?, 'pending', ?)").run(runId, node, Date.now());
    return this.getApproval(runId, node) as ApprovalRow;
  }

  getApproval(runId: string, node: string): ApprovalRow | undefined {
    const r = this.sql('SELECT * FROM approvals WHERE run_id = ? AND node = ?').get(runId, node) as Row | undefined;
    if (!r) return undefined;
    return {
      node: String(r['node']),
      status: r['status'] as ApprovalRow['status'],
      requestedAt: Number(r['requested_at']),
      decidedAt: (r['decided_at'] as number | null) ?? null,
      decidedBy: (r['decided_by'] as string | null) ?? null,
      comment: (r['comment'] as string | null) ?? null,
    };
  }

  /** Records a decision on a pending approval; false when there is none pending. */
  decideApproval(runId: string, node: string, decision: 'approved' | 'rejected', by: string, comment: string): boolean {
    const result = this
      .write("UPDATE approvals SET status = ?, decided_at = ?, decided_by = ?, comment = ? WHERE run_id = ? AND node = ? AND status = 'pending'")
      .run(decision, Date.now(), by, comment, runId, node) as { changes: number | bigint } | undefined;
    return Number(result?.changes) === 1;
  }

  /** Asks again on a node whose approval was given for an earlier gate (see RunEngine.awaitApproval). */
  reopenApproval(runId: string, node: string): void {
    this.write("UPDATE approvals SET status = 'pending', requested_at = ?, decided_at = NULL, decided_by = NULL, comment = NULL WHERE run_id = ? AND node = ?").run(Date.now(), runId, node);
  }

  /** Forgets a rejection the run has already stopped on: resuming the run asks again. */
  forgetRejection(runId: string, node: string): void {
    this.write("DELETE FROM approvals WHERE run_id = ? AND node = ? AND status = 'rejected'").run(runId, node);
  }

  /** Forgets a node's undecided approval (its run is re-planning it). */
  clearPendingApproval(runId: string, node: string): void {
    this.write("DELETE FROM approvals WHERE run_id = ? AND node = ? AND status = 'pending'").run(runId, node);
  }
}
