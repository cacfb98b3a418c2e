import type { DeploymentNode } from './deployment-node.ts';
import type { ExecutionNode } from './execution-node.ts';
import type { TaskNode } from './task-node.ts';

export type { DeploymentNode } from './deployment-node.ts';
export type { ExecutionNode } from './execution-node.ts';
export type { TaskNode, TaskSource } from './task-node.ts';
export { taskSourceStep } from './task-node.ts';
export * from './node-common.ts';

/** A pipeline node: the three kinds Valohai knows, told apart by `type`. */
export type PipelineNode = ExecutionNode | TaskNode | DeploymentNode;
export type NodeType = PipelineNode['type'];
export const NODE_TYPES: readonly NodeType[] = ['execution', 'task', 'deployment'];
