/**
 * Stock follows a case's supplies after resolving (seed 004): raising a quantity issues only the extra, lowering
 * it returns the difference, removing a row returns it, cancelling the case returns everything; more than the stock
 * is refused with the item and quantities named and nothing moves; a row added to the resolved case leaves stock at
 * once; a Stock Entry link sent by a request is ignored.
 * Requests are the agent's own, from the signed-in desk page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AnyDoc } from '../../host-client/client.ts';
import { hostRequest, login, openDemo, type BrowserEnv } from './browser.ts';

let env: BrowserEnv;
let name = '';
const WH = 'Stores - STA';
const one = (sql: string, params: (string | number)[] = []): Record<string, unknown> =>
  env.demo.site.db.get(sql, params) ?? {};
const bin = (item: string): number =>
  Number(one('SELECT actual_qty FROM "tabBin" WHERE item_code = ? AND warehouse = ?', [item, WH]).actual_qty);
const entries = (type: string): number =>
  Number(one('SELECT COUNT(*) AS n FROM "tabStock Entry" WHERE stock_entry_type = ? AND docstatus = 1', [type]).n);
const supplies = () =>
  env.demo.site.db.all(
    'SELECT name, item, qty, stock_entry FROM "tabSupport Case Supply" WHERE parent = ? ORDER BY idx',
    [name],
  );

const send = (page: Page, verb: 'POST' | 'PUT', path: string, body: object) => hostRequest(page, verb, path, body);
const setSupplies = (rows: object[]) =>
  send(env.page, 'PUT', `/api/resource/Support%20Case/${encodeURIComponent(name)}`, { supplies: rows });

let start = { rod: 0, fa: 0 };
beforeAll(async () => {
  env = await openDemo();
  start = { rod: bin('ROD-6205'), fa: bin('FA-15') };
  const c = await env.demo.admin.insert(
    'Support Case',
    {
      subject: 'Bomba de riego con fuga',
      symptom: 'Pierde agua por el sello.',
      customer: 'Pesquera Mar Azul S.A.',
      supplies: [
        { item: 'ROD-6205', qty: 2, warehouse: WH },
        { item: 'FA-15', qty: 1, warehouse: WH },
      ],
    },
    AnyDoc,
  );
  name = String(c.name);
  await login(env, 'ana.gonzalez@postventa.demo');
  const r = await send(env.page, 'POST', '/api/method/postventa.case.resolve', {
    case: name,
    solution: 'Sello nuevo.',
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await env.close();
});

describe('stock after resolving', () => {
  it('resolving issued the supplies once', () => {
    expect([bin('ROD-6205'), bin('FA-15')]).toEqual([start.rod - 2, start.fa - 1]);
  });

  it('raising a quantity issues only the extra; lowering it returns the difference', async () => {
    const [rod, fa] = supplies();
    const issues = entries('Material Issue');
    expect((await setSupplies([{ ...rod, qty: 3 }, fa ?? {}])).status).toBe(200);
    expect(bin('ROD-6205')).toBe(start.rod - 3);
    expect(entries('Material Issue')).toBe(issues + 1);
    expect((await setSupplies([{ ...rod, qty: 1 }, fa ?? {}])).status).toBe(200);
    expect(bin('ROD-6205')).toBe(start.rod - 1);
    expect(bin('FA-15')).toBe(start.fa - 1);
  });

  it('more than the stock is refused, the item and quantities named, and nothing moves', async () => {
    const [rod, fa] = supplies();
    const receipts = entries('Material Receipt');
    const r = await setSupplies([{ ...rod, qty: 99_999 }, fa ?? {}]);
    expect(r.status).toBe(417);
    expect(r.text).toMatch(
      /no hay stock suficiente para el cambio \(ROD-6205 en Stores - STA: se necesitan 99998 más, hay \d+\)/,
    );
    expect(bin('ROD-6205')).toBe(start.rod - 1);
    expect(entries('Material Receipt')).toBe(receipts);
    expect(supplies()[0]?.qty).toBe(1);
  });

  it('a row added to the resolved case is issued at once; a Stock Entry link sent by the request is ignored', async () => {
    const [rod, fa] = supplies();
    const fake = String(rod?.stock_entry);
    const issues = entries('Material Issue');
    expect(
      (await setSupplies([rod ?? {}, fa ?? {}, { item: 'FA-15', qty: 1, warehouse: WH, stock_entry: fake }])).status,
    ).toBe(200);
    const added = supplies()[2];
    expect(added?.item).toBe('FA-15');
    expect(added?.stock_entry).not.toBe(fake);
    expect(
      one('SELECT stock_entry_type, docstatus FROM "tabStock Entry" WHERE name = ?', [String(added?.stock_entry)]),
    ).toEqual({
      stock_entry_type: 'Material Issue',
      docstatus: 1,
    });
    expect(entries('Material Issue')).toBe(issues + 1);
    expect(bin('FA-15')).toBe(start.fa - 2);
  });

  it('removing an issued row returns it; cancelling the case returns everything issued', async () => {
    const [rod, , extra] = supplies();
    expect((await setSupplies([rod ?? {}, extra ?? {}])).status).toBe(200);
    expect(bin('FA-15')).toBe(start.fa - 1); // the first FA-15 row came back; the added one is still out
    const r = await send(env.page, 'PUT', `/api/resource/Support%20Case/${encodeURIComponent(name)}`, {
      status: 'Cancelled',
    });
    expect(r.status).toBe(200);
    expect([bin('ROD-6205'), bin('FA-15')]).toEqual([start.rod, start.fa]);
    expect(supplies().map((s) => s.stock_entry)).toEqual([null, null]);
  });
});
