import { describe, expect, it } from 'vitest';
import { timeline } from './timeline';

describe('timeline', () => {
  it('timeline_Attempts_ArePlacedAcrossTheRunsSpan', () => {
    const result = timeline(
      [
        { step_id: 'a', attempt_history: [{ attempt: 1, status: 'succeeded', started_at: '2026-01-01T00:00:00Z', finished_at: '2026-01-01T00:00:01Z' }] },
        {
          step_id: 'b',
          attempt_history: [
            { attempt: 1, status: 'failed', started_at: '2026-01-01T00:00:01Z', finished_at: '2026-01-01T00:00:02Z' },
            { attempt: '2', status: 'running', started_at: '2026-01-01T00:00:03Z', finished_at: null },
          ],
        },
      ],
      Date.parse('2026-01-01T00:00:04Z'),
    );
    expect(result.rows[0]!.bars[0]).toMatchObject({ left: 0, width: 25 });
    expect(result.rows[1]!.bars.map((bar) => [bar.attempt, bar.left, bar.width])).toEqual([[1, 25, 25], [2, 75, 25]]);
  });

  it('timeline_NoSteps_IsEmpty', () => {
    expect(timeline([], 5).rows).toEqual([]);
  });
});
