import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { authHeaders, refreshTokens, session } from '../auth/session.svelte';

export type Schemas = components['schemas'];

/** The typed client of the server's own OpenAPI document (web/openapi.json, checked against the server by a test). */
export const api = createClient<paths>({ baseUrl: '' });

api.use({
  async onRequest({ request }) {
    for (const [name, value] of Object.entries(await authHeaders())) request.headers.set(name, value);
    return request;
  },
  async onResponse({ request, response }) {
    // An access token refused as expired (clock skew, a sleeping laptop): refresh once and read again (GETs only:
    // a write is not repeated behind the user's back).
    if (response.status === 401 && request.method === 'GET' && session.credential?.kind === 'user' && !request.headers.has('X-Retried')) {
      await refreshTokens();
      if (session.credential?.kind !== 'user') return response;
      const again = new Request(request, { headers: new Headers(request.headers) });
      for (const [name, value] of Object.entries(await authHeaders())) again.headers.set(name, value);
      again.headers.set('X-Retried', '1');
      return fetch(again);
    }
    return response;
  },
});

/** The message of the API's error envelope, or a plain description of what went wrong. */
export function errorMessage(error: unknown, response?: Response): string {
  const envelope = error as { error?: { message?: string } } | undefined;
  if (envelope?.error?.message) return envelope.error.message;
  if (response) return `${response.status} ${response.statusText}`;
  return error instanceof Error ? error.message : String(error);
}

/** The list of problems a 422 names (details.errors), or its message. */
export function errorList(error: unknown): string[] {
  const envelope = error as { error?: { message?: string; details?: { errors?: unknown } } } | undefined;
  const errors = envelope?.error?.details?.errors;
  if (Array.isArray(errors)) return errors.map(String);
  return envelope?.error?.message ? [envelope.error.message] : [];
}
