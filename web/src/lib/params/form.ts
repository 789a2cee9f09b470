// The run form's logic: which input each param gets, its starting value, the JSON body sent, and which field each
// of the API's problems belongs to. The form does not re-implement the API's checks: it sends what was typed (the
// API accepts numbers and booleans as text, as forms send them) and shows the API's own messages by their fields.

export interface ParamShape {
  name: string;
  type: string;
  label?: string | null;
  required: boolean;
  default?: unknown;
  pattern?: string | null;
  options?: string[] | null;
  data_provider?: string | null;
}

/** An option a data provider answered: what the select shows and the value it sends. */
export interface Choice {
  label: string;
  value: string;
}

export type FieldKind = 'text' | 'number' | 'integer' | 'checkbox' | 'email' | 'date' | 'datetime' | 'select' | 'json';

export function fieldKind(param: ParamShape): FieldKind {
  switch (param.type) {
    case 'int':
      return 'integer';
    case 'number':
      return 'number';
    case 'bool':
      return 'checkbox';
    case 'email':
      return 'email';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'select':
      return (param.options && param.options.length > 0) || param.data_provider ? 'select' : 'text';
    case 'json':
    case 'array':
    case 'object':
      return 'json';
    default:
      return 'text';
  }
}

export function initialValue(param: ParamShape): string | boolean {
  const value = param.default;
  if (fieldKind(param) === 'checkbox') return value === true || value === 'true';
  if (value === undefined || value === null) return '';
  if (fieldKind(param) === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/** A hint under a field: the format the API expects, and the pattern a text must match. */
export function hint(param: ParamShape): string {
  const parts: string[] = [];
  switch (fieldKind(param)) {
    case 'integer':
      parts.push('A whole number.');
      break;
    case 'number':
      parts.push('A number.');
      break;
    case 'date':
      parts.push('A date like 2024-01-31.');
      break;
    case 'datetime':
      parts.push('A date and time like 2024-01-31T09:30:00Z.');
      break;
    case 'json':
      parts.push(param.type === 'array' ? 'A JSON list.' : param.type === 'object' ? 'A JSON object.' : 'Any JSON value.');
      break;
  }
  if (param.pattern) parts.push(`Must match ${param.pattern}.`);
  if (param.data_provider && !(param.options && param.options.length > 0)) {
    parts.push(`Options come from the data provider '${param.data_provider}'.`);
  }
  return parts.join(' ');
}

/**
 * The run's params from the form: empty optional fields are left out (so their defaults apply), JSON fields are
 * parsed (an unparsable one is reported here, as the API would only see a string), everything else is sent as typed.
 */
export function toBody(
  params: ParamShape[],
  values: Record<string, string | boolean>,
): { body: Record<string, unknown>; errors: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const param of params) {
    const value = values[param.name];
    if (typeof value === 'boolean') {
      body[param.name] = value;
      continue;
    }
    if (value === undefined || value.trim() === '') continue;
    if (fieldKind(param) === 'json') {
      try {
        body[param.name] = JSON.parse(value);
      } catch (error) {
        errors[param.name] = `Parameter '${param.name}' is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
      }
      continue;
    }
    body[param.name] = value;
  }
  return { body, errors };
}

const patterns = [
  /^Parameter '([^']+)' validation failed: /,
  /^Missing required parameter: (\S+)$/,
  /^Unknown parameter '([^']+)'$/,
];

/** Sorts the API's problems to the fields they name; the rest are shown above the form. */
export function fieldErrors(problems: string[], names: string[]): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const problem of problems) {
    const name = patterns.map((pattern) => pattern.exec(problem)?.[1]).find((match) => match !== undefined);
    if (name !== undefined && names.includes(name) && byField[name] === undefined) byField[name] = problem;
    else other.push(problem);
  }
  return { byField, other };
}

/**
 * The params of a workflow's run form from `GET /api/v1/workflows/{name}/form` (JSON Schema 2020-12), named with the
 * workflow format's types: the same for YAML and C# workflows.
 */
export function paramsFromSchema(schema: unknown): ParamShape[] {
  const root = (schema ?? {}) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const required = new Set(root.required ?? []);
  return Object.entries(root.properties ?? {}).map(([name, property]) => {
    const provider = typeof property['x-data-provider'] === 'string' ? (property['x-data-provider'] as string) : null;
    const options = Array.isArray(property.enum) ? property.enum.map(String) : null;
    const param: ParamShape = { name, type: typeOf(property, options !== null || provider !== null), required: required.has(name) };
    if (typeof property.title === 'string') param.label = property.title;
    if ('default' in property) param.default = property.default;
    if (typeof property.pattern === 'string') param.pattern = property.pattern;
    if (options) param.options = options;
    if (provider) param.data_provider = provider;
    return param;
  });
}

function typeOf(property: Record<string, unknown>, select: boolean): string {
  switch (property.type) {
    case 'integer':
      return 'int';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'array':
      return 'array';
    case 'object':
      return 'object';
    case 'string':
      if (select) return 'select';
      if (property.format === 'email') return 'email';
      if (property.format === 'date') return 'date';
      if (property.format === 'date-time') return 'datetime';
      return 'string';
    default:
      return 'json';
  }
}

/**
 * The query a data provider is called with: the current values of the form params it takes (empty ones left out),
 * so its options are reloaded exactly when one of those changes.
 */
export function providerQuery(takes: string[], values: Record<string, string | boolean>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of takes) {
    const value = values[name];
    if (value === undefined || value === '') continue;
    query[name] = String(value);
  }
  return query;
}
