/** React Flow's node types, one component per pipeline node kind. */
import type { NodeTypes } from '@xyflow/react';
import { DeploymentNode } from './deployment-node.tsx';
import { ExecutionNode } from './execution-node.tsx';
import { TaskNode } from './task-node.tsx';

export const NODE_TYPES: NodeTypes = { execution: ExecutionNode, task: TaskNode, deployment: DeploymentNode };
