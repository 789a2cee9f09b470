import { describe, expect, it } from 'vitest';
import { parseRoute, paths } from './routes';

describe('parseRoute', () => {
  it('parseRoute_KnownPaths_ReturnTheirPages', () => {
    expect(parseRoute('/')).toEqual({ page: 'executions' });
    expect(parseRoute('/workflows/greet')).toEqual({ page: 'workflow', name: 'greet', tab: 'graph' });
    expect(parseRoute('/workflows/greet/source')).toEqual({ page: 'workflow', name: 'greet', tab: 'source' });
    expect(parseRoute('/workflows/greet/run')).toEqual({ page: 'run', name: 'greet' });
    expect(parseRoute('/admin/queue')).toEqual({ page: 'queue' });
    expect(parseRoute('/admin/users')).toEqual({ page: 'users' });
    expect(parseRoute('/admin/keys')).toEqual({ page: 'keys' });
    expect(parseRoute('/admin/organizations')).toEqual({ page: 'organizations' });
    expect(parseRoute('/admin/breakers')).toEqual({ page: 'breakers' });
  });

  it('parseRoute_SubWorkflowRunId_RoundTripsThroughItsPath', () => {
    const id = 'abc/batches[2]/1';
    expect(parseRoute(paths.execution(id))).toEqual({ page: 'execution', id });
  });

  it('parseRoute_UnknownPath_IsNotFound', () => {
    expect(parseRoute('/workflows/greet/nope').page).toBe('notfound');
    expect(parseRoute('/admin/nope').page).toBe('notfound');
  });
});
