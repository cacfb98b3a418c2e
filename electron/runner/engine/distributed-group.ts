/**
 * A distributed task's workers (blueprint-children.ts): they start together, and each finds the
 * group in `config/distributed.json` (and `.yaml`), written as Valohai writes it, so code using
 * valohai-utils' `valohai.distributed` (rank, master, members' addresses) runs unchanged. Here
 * every worker is on this machine: each one's address is 127.0.0.1, and its ports are the machine's.
 */
import { hostname } from 'node:os';
import { stringify } from 'yaml';

export interface DistributedGroup {
  /** `task-<run>-<node>`: Valohai's group names start with `task-`. */
  readonly name: string;
  /** The workers' execution ids, by rank. */
  readonly executionIds: readonly string[];
  /** When the group was formed (each worker's `announce_time`). */
  readonly formedAt: string;
}

export interface GroupMember {
  readonly rank: number;
  readonly group: DistributedGroup;
}

export function formGroup(runId: string, node: string, executionIds: readonly string[]): DistributedGroup {
  return { name: `task-${runId}-${node}`, executionIds, formedAt: new Date().toISOString().replace(/Z$/, '') };
}

/** The variables Valohai gives a worker (VH_DIST_MEMBER_*), the same member as its config says. */
export function groupEnv(member: GroupMember): Record<string, string> {
  return { VH_DIST_MEMBER_ID: String(member.rank), VH_DIST_MEMBER_INDEX: String(member.rank), VH_DIST_MEMBER_COUNT: String(member.group.executionIds.length) };
}

/** The config files a worker reads, by name. */
export function groupConfig(member: GroupMember): Record<string, string> {
  const { group } = member;
  const members = group.executionIds.map((id, rank) => ({
    announce_time: group.formedAt,
    identity: `${hostname()}-${rank}`,
    job_id: id,
    member_id: String(rank),
    network: { exposed_ports: {}, local_ips: ['127.0.0.1'], public_ips: ['127.0.0.1'] },
  }));
  const config = {
    config: { group_name: group.name, member_id: String(member.rank), required_count: members.length },
    members,
    self: members[member.rank],
  };
  return { 'distributed.json': `${JSON.stringify(config, null, 2)}\n`, 'distributed.yaml': stringify(config, { aliasDuplicateObjects: false }) };
}
