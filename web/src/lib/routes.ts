// The dashboard's pages by path. History API routes (the server answers index.html for any non-API path).

export type Route =
  | { page: 'signin' }
  | { page: 'workflows' }
  | { page: 'workflow'; name: string; tab: 'graph' | 'source' | 'versions' | 'triggers' }
  | { page: 'run'; name: string }
  | { page: 'executions' }
  | { page: 'execution'; id: string }
  | { page: 'schedules' }
  | { page: 'queue' }
  | { page: 'secrets' }
  | { page: 'config' }
  | { page: 'oauth' }
  | { page: 'audit' }
  | { page: 'organizations' }
  | { page: 'keys' }
  | { page: 'users' }
  | { page: 'breakers' }
  | { page: 'notfound'; path: string };

const tabs = ['graph', 'source', 'versions', 'triggers'] as const;

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((part) => part.length > 0).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { page: 'executions' };
  if (first === 'signin' && parts.length === 1) return { page: 'signin' };
  if (first === 'workflows') {
    if (parts.length === 1) return { page: 'workflows' };
    if (second && parts.length === 2) return { page: 'workflow', name: second, tab: 'graph' };
    if (second && third === 'run' && parts.length === 3) return { page: 'run', name: second };
    const tab = tabs.find((candidate) => candidate === third);
    if (second && tab && parts.length === 3) return { page: 'workflow', name: second, tab };
  }
  if (first === 'executions') {
    if (parts.length === 1) return { page: 'executions' };
    // Sub-workflow runs have ids with '/', carried percent-encoded as one segment.
    if (second && parts.length === 2) return { page: 'execution', id: second };
  }
  if (first === 'admin' && parts.length === 2) {
    switch (second) {
      case 'schedules':
      case 'queue':
      case 'secrets':
      case 'config':
      case 'oauth':
      case 'audit':
      case 'organizations':
      case 'keys':
      case 'users':
      case 'breakers':
        return { page: second };
    }
  }
  return { page: 'notfound', path: pathname };
}

export const paths = {
  workflows: () => '/workflows',
  workflow: (name: string, tab?: string) => `/workflows/${encodeURIComponent(name)}${tab && tab !== 'graph' ? `/${tab}` : ''}`,
  run: (name: string) => `/workflows/${encodeURIComponent(name)}/run`,
  executions: () => '/executions',
  execution: (id: string) => `/executions/${encodeURIComponent(id)}`,
};
