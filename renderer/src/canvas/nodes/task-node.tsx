/** The canvas node for `type: task`. A sweep: many executions of one step, each with other parameter values. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CardNode } from '../flow-model.ts';
import { NodeCard } from './node-card.tsx';

export const TaskNode = memo(function TaskNode(props: NodeProps<CardNode>) {
  return <NodeCard {...props} />;
});
