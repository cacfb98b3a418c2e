/** The canvas node for `type: execution`. Runs one step once. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CardNode } from '../flow-model.ts';
import { NodeCard } from './node-card.tsx';

export const ExecutionNode = memo(function ExecutionNode(props: NodeProps<CardNode>) {
  return <NodeCard {...props} />;
});
