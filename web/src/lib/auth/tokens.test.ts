import { describe, expect, it } from 'vitest';
import { needsRefresh, refreshDelay } from './tokens';
import { allows } from './roles';

describe('tokens', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('needsRefresh_TokenExpiringWithinAMinute_IsTrue', () => {
    expect(needsRefresh('2026-01-01T00:00:30Z', now)).toBe(true);
    expect(needsRefresh('2026-01-01T00:10:00Z', now)).toBe(false);
    expect(needsRefresh('garbage', now)).toBe(true);
  });

  it('refreshDelay_IsTheTimeUntilAMinuteBeforeExpiry', () => {
    expect(refreshDelay('2026-01-01T00:10:00Z', now)).toBe(9 * 60_000);
    expect(refreshDelay('2026-01-01T00:00:10Z', now)).toBe(0);
  });
});

describe('roles', () => {
  it('allows_HigherRole_IncludesLowerOnes', () => {
    expect(allows('admin', 'operator')).toBe(true);
    expect(allows('operator', 'operator')).toBe(true);
    expect(allows('viewer', 'operator')).toBe(false);
    expect(allows(undefined, 'viewer')).toBe(false);
    expect(allows('root', 'viewer')).toBe(false);
  });
});
