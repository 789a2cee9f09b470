import type { Connection, NodeShape } from '../lib/graph/model';
import type { ParamShape } from '../lib/params/form';

/** The shape of a workflow detail's `definition` (validated by the server; drawn and turned into a form here). */
export interface DefinitionShape {
  timeout?: string;
  max_parallel_nodes?: number;
  priority?: number;
  on_failure?: string;
  params: ParamShape[];
  triggers: { type: string; path?: string; respond?: string; cron?: string; timezone?: string; pattern?: string; events?: string[] }[];
  nodes: NodeShape[];
  connections: Connection[];
}

export function asDefinition(value: unknown): DefinitionShape | null {
  if (!value || typeof value !== 'object') return null;
  const shape = value as Partial<DefinitionShape>;
  return {
    ...shape,
    params: shape.params ?? [],
    triggers: shape.triggers ?? [],
    nodes: shape.nodes ?? [],
    connections: shape.connections ?? [],
  } as DefinitionShape;
}
