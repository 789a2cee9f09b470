import { describe, expect, it } from 'vitest';
import { diffLines, duration, isFinished } from './format';

describe('format', () => {
  it('duration_Ranges_ReadNaturally', () => {
    expect(duration(null)).toBe('—');
    expect(duration(453)).toBe('453 ms');
    expect(duration('1500')).toBe('1.50 s');
    expect(duration(125_000)).toBe('2 min 5 s');
  });

  it('isFinished_RunningStatuses_AreNot', () => {
    expect(isFinished('succeeded')).toBe(true);
    expect(isFinished('compensating')).toBe(false);
    expect(isFinished('running')).toBe(false);
  });

  it('diffLines_ChangedLine_IsARemovalAndAnAddition', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { kind: ' ', text: 'a' },
      { kind: '-', text: 'b' },
      { kind: '+', text: 'x' },
      { kind: ' ', text: 'c' },
    ]);
  });
});
