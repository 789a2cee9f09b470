import { describe, expect, it } from 'vitest';
import { describe as describeNode, edgesOf, nodeStates } from './model';
import { layout } from './layout';

const nodes = [
  { id: 'a', type: 'transform' },
  { id: 'b', type: 'foreach', each: { input: 'node', type: 'workflow', workflow: 'child' } },
  { id: 'c', type: 'log', compensate: true },
];

describe('graph model', () => {
  it('edgesOf_NoConnections_ChainsNodesInFileOrder', () => {
    expect(edgesOf(nodes, [])).toEqual([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }]);
    expect(edgesOf(nodes, [{ from: 'a', to: 'c' }])).toEqual([{ from: 'a', to: 'c' }]);
  });

  it('nodeStates_NodesNoStepReached_ArePending', () => {
    const states = nodeStates(nodes, [{ step_id: 'a', node_id: 'a', status: 'succeeded', attempts: 1 }]);
    expect(states.get('a')?.status).toBe('succeeded');
    expect(states.get('b')?.status).toBe('pending');
    expect(states.get('c')?.status).toBe('pending');
  });

  it('nodeStates_ForeachItems_GiveTheMostTellingStatusUntilTheNodeFinishes', () => {
    const items = [
      { step_id: 'b[0]', node_id: 'b', status: 'succeeded', attempts: 1 },
      { step_id: 'b[1]', node_id: 'b', status: 'running', attempts: '1' },
    ];
    expect(nodeStates(nodes, items).get('b')).toMatchObject({ status: 'running', items: 2 });
    const finished = [...items, { step_id: 'b', node_id: 'b', status: 'failed', attempts: 2 }];
    expect(nodeStates(nodes, finished).get('b')).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('nodeStates_CompensationSteps_AreKeptApart', () => {
    const states = nodeStates(nodes, [
      { step_id: 'c', node_id: 'c', status: 'succeeded', attempts: 1 },
      { step_id: 'c#compensate', node_id: 'c', status: 'succeeded', attempts: 1 },
    ]);
    expect(states.get('c')).toMatchObject({ status: 'succeeded', compensation: 'succeeded' });
  });

  it('describe_SubWorkflowPerItem_NamesIt', () => {
    expect(describeNode(nodes[1]!)).toBe('foreach · each: workflow → child');
  });

  it('layout_Chain_PlacesNodesLeftToRight', () => {
    const positions = layout(nodes, edgesOf(nodes, []));
    expect(positions.get('a')!.x).toBeLessThan(positions.get('b')!.x);
    expect(positions.get('b')!.x).toBeLessThan(positions.get('c')!.x);
  });
});
