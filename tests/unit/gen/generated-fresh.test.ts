import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDoctypes } from '../../../scripts/gen/load-doctypes.ts';
import { GENERATED_DIR, renderAll, typeName } from '../../../scripts/gen/render-types.ts';
import { SupportCaseSchema, SUPPORT_CASE_STATUS, DOCTYPE_SCHEMAS } from '../../../generated/doctypes/index.ts';

describe('generated doctype types', () => {
  it('are up to date with doctypes/*.json (run `npm run gen` when this fails)', () => {
    const expected = renderAll(loadDoctypes('doctypes'));
    const onDisk = readdirSync(GENERATED_DIR)
      .map((f) => `${GENERATED_DIR}/${f}`)
      .sort();
    expect(onDisk).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) expect(readFileSync(path, 'utf8'), path).toBe(content);
  });

  it('maps Select to literal unions, Check to 0|1 and Table to typed rows', () => {
    expect(SUPPORT_CASE_STATUS).toContain('Waiting on Customer');
    const ok = SupportCaseSchema.safeParse({
      name: 'CASO-2026-00001',
      status: 'Open',
      is_vip: 1,
      supplies: [{ item: 'REP-01', qty: 2 }],
    });
    expect(ok.success).toBe(true);
    expect(SupportCaseSchema.safeParse({ name: 'x', status: 'Opened' }).success).toBe(false);
    expect(SupportCaseSchema.safeParse({ name: 'x', is_vip: true }).success).toBe(false);
    expect(SupportCaseSchema.safeParse({ name: 'x', supplies: [{ qty: 'two' }] }).success).toBe(false);
  });

  it('accepts documents with nulls dropped (REST) or kept as null (frappe.client.get)', () => {
    expect(SupportCaseSchema.safeParse({ name: 'x' }).success).toBe(true);
    expect(SupportCaseSchema.safeParse({ name: 'x', customer: null, response_by: null }).success).toBe(true);
  });

  it('names types after the doctype and indexes every doctype', () => {
    expect(typeName('SLA Policy')).toBe('SLAPolicy');
    expect(typeName('Support Case')).toBe('SupportCase');
    expect(Object.keys(DOCTYPE_SCHEMAS)).toHaveLength(loadDoctypes('doctypes').length);
  });
});
