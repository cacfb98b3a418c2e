/** The canvas node for `type: deployment`. Creates a deployment version from upstream files. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CardNode } from '../flow-model.ts';
import { NodeCard } from './node-card.tsx';

export const DeploymentNode = memo(function DeploymentNode(props: NodeProps<CardNode>) {
  return <NodeCard {...props} />;
});
