/** The run database's tables. Bump SCHEMA_VERSION and add a migration when this changes. */
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  pipeline TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  runner_pid INTEGER,
  runner_start TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  plan_json TEXT NOT NULL,
  options_json TEXT NOT NULL,
  error TEXT
);
-- The newest run (of a pipeline) is a seek: a list of runs sorted them all, reading each one's plan.
CREATE INDEX IF NOT EXISTS runs_by_seq ON runs(seq);
CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs(pipeline, seq);
CREATE TABLE IF NOT EXISTS nodes (
  run_id TEXT NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  reused_from TEXT,
  error TEXT,
  PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS executions (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  node TEXT NOT NULL,
  child INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  status TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  pid INTEGER,
  exit_code INTEGER,
  error TEXT,
  dir TEXT NOT NULL,
  command TEXT NOT NULL,
  parameters_json TEXT NOT NULL,
  env_json TEXT NOT NULL DEFAULT '{}',
  cache_key TEXT,
  -- what the cache key was computed from, so 'plan' can say why a node will run again
  cache_material_json TEXT,
  -- set when this execution reuses an earlier one (cache or --reuse): its dir and outputs are that one's
  source_execution TEXT
);
CREATE INDEX IF NOT EXISTS executions_by_run ON executions(run_id, node);
-- The newest succeeded execution of a key is a seek, not a sort of every one with that key: a
-- pipeline run daily gathers one per node and run, all with the same key (an earlier index
-- without finished_at sorted them all, 1.2 ms per node for a thousand).
DROP INDEX IF EXISTS executions_by_key;
CREATE INDEX IF NOT EXISTS executions_by_key_newest ON executions(cache_key, status, finished_at);
-- A node's executions over its runs (plan's "why will this re-run", the editor's Across runs):
-- read through the node's own, not a scan of every execution of the project per node.
CREATE INDEX IF NOT EXISTS executions_by_node ON executions(node, status, finished_at);
CREATE TABLE IF NOT EXISTS outputs (
  execution_id TEXT NOT NULL REFERENCES executions(id),
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT,
  PRIMARY KEY (execution_id, path)
);
CREATE TABLE IF NOT EXISTS output_metadata (
  execution_id TEXT NOT NULL REFERENCES executions(id),
  path TEXT NOT NULL,
  metadata_json TEXT NOT NULL,
  PRIMARY KEY (execution_id, path)
);
CREATE TABLE IF NOT EXISTS output_labels (
  execution_id TEXT NOT NULL REFERENCES executions(id),
  path TEXT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  target TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS output_labels_by_label ON output_labels(kind, label, at);
CREATE TABLE IF NOT EXISTS metadata (
  execution_id TEXT NOT NULL REFERENCES executions(id),
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  values_json TEXT NOT NULL,
  PRIMARY KEY (execution_id, seq)
);
-- what an execution used of the machine (shared/run/usage.ts), a row per reading or window;
-- a table added without a version bump: older Pipewrights do not read it, newer ones create it
CREATE TABLE IF NOT EXISTS usage (
  execution_id TEXT NOT NULL REFERENCES executions(id),
  at INTEGER NOT NULL,
  span_ms INTEGER NOT NULL,
  cpu REAL,
  memory_mb REAL,
  gpus_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_by_execution ON usage(execution_id, at);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  payload_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_run ON events(run_id, seq);
CREATE TABLE IF NOT EXISTS approvals (
  run_id TEXT NOT NULL,
  node TEXT NOT NULL,
  status TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by TEXT,
  comment TEXT,
  PRIMARY KEY (run_id, node)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;
