// The query search box's logic: which columns a result shows, and how a cell reads.

/** The columns of query rows: the entity's usual fields first, then the rest in the order the rows have them. */
export function queryColumns(entity: string, rows: Record<string, unknown>[], max = 8): string[] {
  const preferred: Record<string, string[]> = {
    executions: ['id', 'workflow', 'status', 'created_at', 'duration_ms', 'error'],
    steps: ['execution_id', 'step_id', 'node', 'status', 'attempts', 'duration_ms', 'error'],
    records: ['id', 'category', 'status', 'created_at'],
    workflows: ['name', 'version', 'created_at'],
    audit: ['at', 'actor_id', 'action', 'resource_id', 'outcome'],
  };
  const present = new Set(rows.flatMap((row) => Object.keys(row)));
  const columns = (preferred[entity] ?? []).filter((name) => present.has(name));
  for (const name of present) {
    if (columns.length >= max) break;
    if (!columns.includes(name)) columns.push(name);
  }
  return columns;
}

/** A cell's text: strings as they are, everything else as compact JSON, cut to a readable length. */
export function cellText(value: unknown, limit = 120): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
