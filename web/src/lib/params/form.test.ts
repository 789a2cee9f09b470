import { describe, expect, it } from 'vitest';
import { fieldErrors, fieldKind, initialValue, paramsFromSchema, providerQuery, toBody, type ParamShape } from './form';

const params: ParamShape[] = [
  { name: 'email', type: 'email', required: true },
  { name: 'count', type: 'int', required: false, default: 3 },
  { name: 'dry', type: 'bool', required: false, default: true },
  { name: 'items', type: 'array', required: false },
  { name: 'color', type: 'select', required: false, options: ['red', 'blue'] },
];

describe('run form', () => {
  it('fieldKind_EachType_GetsItsInput', () => {
    expect(params.map(fieldKind)).toEqual(['email', 'integer', 'checkbox', 'json', 'select']);
    expect(fieldKind({ name: 'x', type: 'select', required: false, options: [] })).toBe('text');
  });

  it('initialValue_Defaults_AreShown', () => {
    expect(params.map(initialValue)).toEqual(['', '3', true, '', '']);
    expect(initialValue({ name: 'o', type: 'object', required: false, default: { a: 1 } })).toBe('{\n  "a": 1\n}');
  });

  it('toBody_EmptyOptionalFields_AreLeftOutSoDefaultsApply', () => {
    const { body, errors } = toBody(params, { email: 'a@b.c', count: '', dry: false, items: '[1,2]', color: 'red' });
    expect(body).toEqual({ email: 'a@b.c', dry: false, items: [1, 2], color: 'red' });
    expect(errors).toEqual({});
  });

  it('toBody_BadJson_IsReportedOnItsField', () => {
    const { errors } = toBody(params, { items: '[1,' });
    expect(errors.items).toMatch(/^Parameter 'items' is not valid JSON/);
  });

  it('fieldErrors_ApiProblems_GoToTheFieldsTheyName', () => {
    const result = fieldErrors(
      ["Parameter 'email' validation failed: Invalid email format", 'Missing required parameter: count', "Unknown parameter 'x'", 'Something else'],
      params.map((p) => p.name),
    );
    expect(result.byField).toEqual({
      email: "Parameter 'email' validation failed: Invalid email format",
      count: 'Missing required parameter: count',
    });
    expect(result.other).toEqual(["Unknown parameter 'x'", 'Something else']);
  });

  it('paramsFromSchema_FormSchema_GivesTheWorkflowFormatsTypes', () => {
    const schema = {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email', title: 'Email', pattern: '^.+@.+$' },
        n: { type: 'integer', default: 2 },
        plan: { type: 'string', enum: ['free', 'team'] },
        team: { type: 'string', 'x-data-provider': 'get_teams' },
        when: { type: 'string', format: 'date-time' },
        payload: {},
      },
      required: ['email'],
    };
    const shaped = paramsFromSchema(schema);
    expect(shaped.map((param) => [param.name, param.type, param.required])).toEqual([
      ['email', 'email', true],
      ['n', 'int', false],
      ['plan', 'select', false],
      ['team', 'select', false],
      ['when', 'datetime', false],
      ['payload', 'json', false],
    ]);
    expect(shaped[0]).toMatchObject({ label: 'Email', pattern: '^.+@.+$' });
    expect(shaped[1]!.default).toBe(2);
    expect(fieldKind(shaped[3]!)).toBe('select');
    expect(shaped[3]!.data_provider).toBe('get_teams');
  });

  it('providerQuery_TakesOnlyItsFilledParams', () => {
    expect(providerQuery(['region', 'size'], { region: 'emea', size: '', other: 'x', flag: true })).toEqual({ region: 'emea' });
  });
});
