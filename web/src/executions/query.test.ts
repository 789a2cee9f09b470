import { describe, expect, it } from 'vitest';
import { cellText, queryColumns } from './query';

describe('query results', () => {
  it('queryColumns_Executions_PutTheUsualFieldsFirst', () => {
    const rows = [{ params: { a: 1 }, status: 'failed', id: 'x', workflow: 'w', zeta: 1 }];
    expect(queryColumns('executions', rows)).toEqual(['id', 'workflow', 'status', 'params', 'zeta']);
  });

  it('queryColumns_Count_ShowsGroupAndCount', () => {
    expect(queryColumns('executions', [{ status: 'failed', count: 3 }])).toEqual(['status', 'count']);
  });

  it('cellText_JsonAndLongText_AreCompactAndCut', () => {
    expect(cellText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(cellText(null)).toBe('');
    expect(cellText('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
