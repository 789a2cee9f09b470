// When to refresh a signed-in user's access token: a minute before it expires, so a request never carries a token
// that expires on the way.
export const refreshMarginMs = 60_000;

export function needsRefresh(expiresAt: string, now: number): boolean {
  const expires = Date.parse(expiresAt);
  return Number.isNaN(expires) || expires - now <= refreshMarginMs;
}

/** Milliseconds until the token should be refreshed (0 when due). */
export function refreshDelay(expiresAt: string, now: number): number {
  const expires = Date.parse(expiresAt);
  return Number.isNaN(expires) ? 0 : Math.max(0, expires - refreshMarginMs - now);
}
