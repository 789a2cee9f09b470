// The workflow graph as the API describes it (workflow detail's definition.nodes and .connections) and each node's
// status in a run (from the run's steps). Pure functions: tested with vitest, drawn by WorkflowGraph.svelte.

export interface NodeShape {
  id: string;
  type: string;
  when?: string;
  compensate?: boolean;
  workflow?: string;
  each?: { input: string; type: string; when?: string; workflow?: string };
}

export interface Connection {
  from: string;
  to: string;
}

export interface StepLike {
  step_id: string;
  node_id: string;
  status: string;
  attempts: number | string;
}

export interface NodeState {
  status: string;
  attempts: number;
  items: number;
  compensation?: string;
}

/** The edges the engine follows: the connections, or with none at all a chain in file order. */
export function edgesOf(nodes: NodeShape[], connections: Connection[]): Connection[] {
  if (connections.length > 0) return connections;
  return nodes.slice(1).map((node, index) => ({ from: nodes[index]!.id, to: node.id }));
}

const precedence = ['running', 'retry_scheduled', 'failed', 'cancelled', 'pending', 'succeeded', 'skipped'];

/**
 * Each node's state in a run: its own step's status; for a node that runs items (foreach) without a step of its own
 * yet, the most telling of its items' statuses; `pending` for a node no step has reached. Compensation steps
 * (`node#compensate`) are reported apart.
 */
export function nodeStates(nodes: NodeShape[], steps: StepLike[]): Map<string, NodeState> {
  const states = new Map<string, NodeState>();
  for (const node of nodes) states.set(node.id, { status: 'pending', attempts: 0, items: 0 });
  const itemStatuses = new Map<string, string[]>();
  for (const step of steps) {
    const state = states.get(step.node_id);
    if (!state) continue;
    if (step.step_id.endsWith('#compensate')) {
      state.compensation = step.status;
    } else if (step.step_id === step.node_id) {
      state.status = step.status;
      state.attempts = Number(step.attempts);
    } else {
      state.items += 1;
      itemStatuses.set(step.node_id, [...(itemStatuses.get(step.node_id) ?? []), step.status]);
    }
  }
  for (const [nodeId, statuses] of itemStatuses) {
    const state = states.get(nodeId)!;
    if (state.attempts === 0) {
      state.status = precedence.find((status) => statuses.includes(status)) ?? 'running';
    }
  }
  return states;
}

/** The short text under a node's id: its type, sub-workflow and what it runs per item. */
export function describe(node: NodeShape): string {
  const parts = [node.workflow ? `workflow → ${node.workflow}` : node.type];
  if (node.each) parts.push(`each: ${node.each.workflow ? `workflow → ${node.each.workflow}` : node.each.type}`);
  return parts.join(' · ');
}
