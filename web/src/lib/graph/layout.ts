import dagre from '@dagrejs/dagre';
import type { Connection, NodeShape } from './model';

export const nodeWidth = 200;
export const nodeHeight = 64;

/** Top-left positions for each node, left to right, from dagre. */
export function layout(nodes: NodeShape[], edges: Connection[], direction: 'LR' | 'TB' = 'LR'): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: direction, nodesep: 28, ranksep: 56, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: nodeWidth, height: nodeHeight });
  for (const edge of edges) {
    if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to);
  }
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const placed = graph.node(node.id);
    positions.set(node.id, { x: placed.x - nodeWidth / 2, y: placed.y - nodeHeight / 2 });
  }
  return positions;
}
