/**
 * A closed case is billed by the companion (seed 004): a Billable case gets its draft Sales Invoice through
 * `postventa.case.bill` (which checks every line and makes one invoice per case however often it is called); a
 * Warranty or Courtesy case gets none, only its cost, marked Not Billable. The lines and the cost come from the same
 * rules and the same host rows as the desk's (domain/billing).
 */
import { z } from 'zod';
import {
  assembleBillingInput,
  caseCost,
  currencyDecimals,
  PRICE_LIST,
  itemsToPrice,
  planInvoice,
  type BillingProblem,
} from '../../domain/billing/index.ts';
import type { HostClient } from '../../host-client/client.ts';

const num = z.coerce.number().nullish();
const str = z.string().nullish();
const CaseSchema = z.object({
  name: z.string(),
  status: z.string(),
  case_type: str,
  sales_invoice: str,
  billing_status: str,
  service_policy: str,
  supplies: z.array(z.object({ item: str, qty: num, rate: num, serial_no: str, warehouse: str })).nullish(),
});
const SettingsSchema = z.object({
  n1_labour_item: str,
  n2_labour_item: str,
  n3_labour_item: str,
  n1_hourly_rate: num,
  n2_hourly_rate: num,
  n3_hourly_rate: num,
  n1_hour_budget: num,
  n2_hour_budget: num,
  n3_hour_budget: num,
  currency: str,
});
const TimesheetRow = z.object({ hours: num, support_level: str });
const PriceRow = z.object({ item_code: z.string(), price_list_rate: num });
const ItemRow = z.object({ name: z.string(), valuation_rate: num });
const PolicySchema = z.object({ name: z.string(), plan: str, allowance_hours: num, hours_used: num });
const PlanSchema = z.object({ overage_hourly_rate: num, covers_parts: num });
const AnswerSchema = z.object({ invoice: z.string().nullish(), created: z.coerce.number().optional() });

export type BillingOutcome =
  | { kind: 'invoiced'; invoice: string; created: boolean }
  | { kind: 'not-billable'; cost: number }
  | { kind: 'blocked'; problems: BillingProblem[] }
  | { kind: 'skipped'; why: string };

/** Bills one case if it is closed and not billed yet. */
export async function billClosedCase(client: HostClient, name: string): Promise<BillingOutcome> {
  const c = await client.findDoc('Support Case', name, CaseSchema);
  if (!c || c.status !== 'Closed') return { kind: 'skipped', why: 'not closed' };
  if (c.sales_invoice || c.billing_status === 'Not Billable' || c.billing_status === 'Paid')
    return { kind: 'skipped', why: 'already billed' };
  const settings = await client.getDoc('Postventa Settings', 'Postventa Settings', SettingsSchema);
  const items = itemsToPrice(c, settings);
  const policy = c.service_policy ? await client.findDoc('Service Policy', c.service_policy, PolicySchema) : null;
  const [timesheet, prices, valued, plan] = await Promise.all([
    client.list(
      'Timesheet Detail',
      {
        fields: ['hours', 'support_level'],
        filters: [
          ['support_case', '=', name],
          ['docstatus', '<', 2],
        ],
        orderBy: 'idx asc',
        pageSize: 0,
        parent: 'Timesheet',
      },
      TimesheetRow,
    ),
    items.length
      ? client.list(
          'Item Price',
          {
            fields: ['item_code', 'price_list_rate'],
            filters: [
              ['item_code', 'in', items],
              ['price_list', '=', PRICE_LIST],
            ],
            orderBy: 'creation asc',
            pageSize: 0,
          },
          PriceRow,
        )
      : Promise.resolve([]),
    items.length
      ? client.list(
          'Item',
          { fields: ['name', 'valuation_rate'], filters: [['name', 'in', items]], orderBy: 'name asc', pageSize: 0 },
          ItemRow,
        )
      : Promise.resolve([]),
    policy?.plan ? client.findDoc('Service Plan', policy.plan, PlanSchema) : Promise.resolve(null),
  ]);
  const input = assembleBillingInput(c, {
    settings,
    timesheet,
    prices,
    items: valued,
    policy,
    plan,
    precision: currencyDecimals(settings.currency || 'CLP'),
  });
  const plan_ = planInvoice(input);
  const cost = caseCost(input).total;
  if (input.caseType !== 'Billable' || (!plan_.invoice && !plan_.problems.length)) {
    await client.call('postventa.case.bill', { case: name, lines: [], cost });
    return { kind: 'not-billable', cost };
  }
  if (plan_.problems.length) return { kind: 'blocked', problems: plan_.problems };
  const answer = AnswerSchema.parse(
    await client.call('postventa.case.bill', {
      case: name,
      cost,
      lines: plan_.lines.map((l) => ({
        item: l.item,
        qty: l.qty,
        rate: l.rate,
        description: l.description,
        serial_no: l.serial_no ?? null,
      })),
    }),
  );
  return { kind: 'invoiced', invoice: String(answer.invoice ?? ''), created: Number(answer.created ?? 0) === 1 };
}
