import { needsRefresh } from './tokens';

/** A pasted API key, or a signed-in user's tokens; kept in session storage (gone when the tab closes). */
export type Credential =
  | { kind: 'key'; key: string }
  | { kind: 'user'; username: string; accessToken: string; refreshToken: string; expiresAt: string };

export interface Me {
  id: string;
  kind: string;
  org_id: string;
  role: string;
  is_platform_admin: boolean;
}

const storageKey = 'stepwise.session';
const orgKey = 'stepwise.org';

function load(): Credential | null {
  try {
    const text = sessionStorage.getItem(storageKey);
    return text ? (JSON.parse(text) as Credential) : null;
  } catch {
    return null;
  }
}

export const session = $state<{ credential: Credential | null; me: Me | null; org: string | null }>({
  credential: load(),
  me: null,
  org: sessionStorage.getItem(orgKey),
});

export function setCredential(credential: Credential | null): void {
  session.credential = credential;
  if (credential) sessionStorage.setItem(storageKey, JSON.stringify(credential));
  else sessionStorage.removeItem(storageKey);
}

/** The organization a platform admin acts for (X-Organization-Id); null for the credential's own. */
export function setOrg(org: string | null): void {
  session.org = org;
  if (org) sessionStorage.setItem(orgKey, org);
  else sessionStorage.removeItem(orgKey);
}

let refreshing: Promise<void> | null = null;

/** Trades the refresh token for new tokens once, however many requests ask at the same time. */
export function refreshTokens(): Promise<void> {
  const credential = session.credential;
  if (credential?.kind !== 'user') return Promise.resolve();
  refreshing ??= (async () => {
    try {
      const response = await fetch('/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: credential.refreshToken }),
      });
      if (!response.ok) {
        setCredential(null);
        session.me = null;
        return;
      }
      const tokens = (await response.json()) as { access_token: string; refresh_token: string; expires_at: string };
      setCredential({
        kind: 'user',
        username: credential.username,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        expiresAt: tokens.expires_at,
      });
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The headers that authenticate a request: refreshed first when the access token is about to expire. */
export async function authHeaders(): Promise<Record<string, string>> {
  let credential = session.credential;
  if (credential?.kind === 'user' && needsRefresh(credential.expiresAt, Date.now())) {
    await refreshTokens();
    credential = session.credential;
  }
  const headers: Record<string, string> = {};
  if (credential?.kind === 'key') headers['X-API-Key'] = credential.key;
  else if (credential?.kind === 'user') headers['Authorization'] = `Bearer ${credential.accessToken}`;
  if (session.org) headers['X-Organization-Id'] = session.org;
  return headers;
}

export async function signOut(): Promise<void> {
  const credential = session.credential;
  if (credential?.kind === 'user') {
    await fetch('/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: credential.refreshToken }),
    }).catch(() => undefined);
  }
  setCredential(null);
  setOrg(null);
  session.me = null;
}
