/**
 * Closed cases are billed by the companion (seed 004): a Billable case gets its draft Sales Invoice through
 * `postventa.case.bill` (which checks every line and makes one invoice per case however often it is called); a
 * Warranty or Courtesy case gets none, only its cost, marked Not Billable; a case that cannot be priced (a missing
 * price or labour item) keeps the reason in billing_problem and the accountants are told. The lines and the cost
 * come from the same rules as the desk's (domain/billing). Cases are read in batches: 500 cases cost seven list
 * reads (POSTed `frappe.client.get_list`, so no URL grows with the batch) and four billing calls of 125.
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
import type { Filter, HostClient } from '../../host-client/client.ts';

const num = z.coerce.number().nullish();
const str = z.string().nullish();
export const BillCaseRow = z.object({
  name: z.string(),
  status: z.string(),
  case_type: str,
  sales_invoice: str,
  billing_status: str,
  service_policy: str,
});
export type BillCaseRow = z.infer<typeof BillCaseRow>;
export const BILL_CASE_FIELDS = Object.keys(BillCaseRow.shape);
const SupplyRow = z.object({ parent: z.string(), item: str, qty: num, rate: num, serial_no: str, warehouse: str });
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
  invoice_warranty_extras: num,
  currency: str,
});
const TimesheetRow = z.object({ support_case: z.string(), hours: num, support_level: str });
const PriceRow = z.object({ item_code: z.string(), price_list_rate: num });
const ItemRow = z.object({ name: z.string(), valuation_rate: num });
const PolicyRow = z.object({ name: z.string(), plan: str, allowance_hours: num, hours_used: num });
const BinRow = z.object({ item_code: z.string(), valuation_rate: num, actual_qty: num });
const PlanRow = z.object({ name: z.string(), overage_hourly_rate: num, covers_parts: num });
const Answer = z.object({ case: z.string(), invoice: str, created: z.coerce.number().optional(), problem: str });

export type BillingOutcome =
  | { kind: 'invoiced'; invoice: string; created: boolean }
  | { kind: 'not-billable'; cost: number }
  | { kind: 'blocked'; problems: BillingProblem[] | string }
  | { kind: 'skipped'; why: string };

/** Every row of a list, POSTed (HostClient.allRows), however many names its `in` filter carries. */
const rows = <S extends z.ZodType>(
  client: HostClient,
  doctype: string,
  fields: string[],
  filters: Filter[],
  schema: S,
  parent?: string,
): Promise<z.infer<S>[]> => client.allRows(doctype, { fields, filters, ...(parent ? { parent } : {}) }, schema);

const group = <T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const x of list) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
};
const byName = <T extends { name: string }>(list: readonly T[]): Map<string, T> =>
  new Map(list.map((x) => [x.name, x]));
const NONE = ['—'];

interface Job {
  case: string;
  lines: { item: string; qty: number; rate: number; description: string; serial_no: string | null }[];
  cost: number;
  problem?: string;
}

/** What billing each case of the batch needs, read in seven lists, and the job it becomes (null: nothing to do). */
async function plan(
  client: HostClient,
  settings: z.infer<typeof SettingsSchema>,
  cases: readonly BillCaseRow[],
): Promise<Map<string, Job | BillingOutcome>> {
  const names = cases.map((c) => c.name);
  const [supplies, timesheet] = await Promise.all([
    rows(
      client,
      'Support Case Supply',
      [...Object.keys(SupplyRow.shape)],
      [['parent', 'in', names]],
      SupplyRow,
      'Support Case',
    ),
    rows(
      client,
      'Timesheet Detail',
      ['support_case', 'hours', 'support_level'],
      [
        ['support_case', 'in', names],
        ['docstatus', '<', 2],
      ],
      TimesheetRow,
      'Timesheet',
    ),
  ]);
  const suppliesOf = group(supplies, (s) => s.parent);
  const facts = cases.map((c) => ({ ...c, supplies: suppliesOf.get(c.name) ?? [] }));
  const items = [...new Set(facts.flatMap((c) => itemsToPrice(c, settings)))];
  const policyNames = [...new Set(cases.map((c) => c.service_policy).filter((x): x is string => !!x))];
  const inItems: Filter = ['item_code', 'in', items.length ? items : NONE];
  const [prices, valued, policies, bins] = await Promise.all([
    rows(client, 'Item Price', ['item_code', 'price_list_rate'], [inItems, ['price_list', '=', PRICE_LIST]], PriceRow),
    rows(client, 'Item', ['name', 'valuation_rate'], [['name', 'in', items.length ? items : NONE]], ItemRow),
    rows(
      client,
      'Service Policy',
      Object.keys(PolicyRow.shape),
      [['name', 'in', policyNames.length ? policyNames : NONE]],
      PolicyRow,
    ),
    rows(client, 'Bin', ['item_code', 'valuation_rate', 'actual_qty'], [inItems], BinRow),
  ]);
  const planNames = [...new Set(policies.map((p) => p.plan).filter((x): x is string => !!x))];
  const plans = byName(
    await rows(
      client,
      'Service Plan',
      Object.keys(PlanRow.shape),
      [['name', 'in', planNames.length ? planNames : NONE]],
      PlanRow,
    ),
  );
  const policyOf = byName(policies);
  const hoursOf = group(timesheet, (t) => t.support_case);
  const out = new Map<string, Job | BillingOutcome>();
  for (const c of facts) {
    const policy = c.service_policy ? (policyOf.get(c.service_policy) ?? null) : null;
    const input = assembleBillingInput(c, {
      settings,
      timesheet: hoursOf.get(c.name) ?? [],
      prices,
      items: valued,
      bins,
      policy,
      plan: policy?.plan ? (plans.get(policy.plan) ?? null) : null,
      precision: currencyDecimals(settings.currency || 'CLP'),
    });
    const invoice = planInvoice(input);
    const cost = caseCost(input).total;
    // Warranty and Courtesy cases bill nothing, unless the setting bills the parts charged on their rows.
    if (!invoice.invoice && (input.caseType !== 'Billable' || !invoice.problems.length))
      out.set(c.name, { case: c.name, lines: [], cost });
    else if (invoice.problems.length)
      out.set(c.name, {
        case: c.name,
        lines: [],
        cost,
        problem: bilingual(invoice.problems),
      });
    else
      out.set(c.name, {
        case: c.name,
        cost,
        lines: invoice.lines.map((l) => ({
          item: l.item,
          qty: l.qty,
          rate: l.rate,
          description: l.description,
          serial_no: l.serial_no ?? null,
        })),
      });
  }
  return out;
}

/** Every problem in Spanish, then every one in English: one "es / en" text the desk cuts in halves. */
const bilingual = (problems: readonly BillingProblem[]): string =>
  `${problems.map((p) => p.message.es).join(' · ')} / ${problems.map((p) => p.message.en).join(' · ')}`;

/** Cases per `postventa.case.bill` call (the host takes up to 200): 500 cases in four calls. */
const BILL_BATCH = 125;

const isJob = (x: Job | BillingOutcome): x is Job => 'case' in x;

/** Bills closed cases not billed yet, in batches (at most 500 read at once, 125 per billing call). */
export async function billCases(
  client: HostClient,
  cases: readonly BillCaseRow[],
): Promise<Map<string, BillingOutcome>> {
  const result = new Map<string, BillingOutcome>();
  const todo = cases.filter((c) => {
    const why =
      c.status !== 'Closed'
        ? 'not closed'
        : c.sales_invoice || c.billing_status === 'Not Billable' || c.billing_status === 'Paid'
          ? 'already billed'
          : null;
    if (why) result.set(c.name, { kind: 'skipped', why });
    return !why;
  });
  if (!todo.length) return result;
  const settings = await client.getDoc('Postventa Settings', 'Postventa Settings', SettingsSchema);
  for (let i = 0; i < todo.length; i += 500) {
    const planned = await plan(client, settings, todo.slice(i, i + 500));
    const jobs = [...planned.values()].filter(isJob);
    for (let j = 0; j < jobs.length; j += BILL_BATCH) {
      const chunk = jobs.slice(j, j + BILL_BATCH);
      const answer = z
        .object({ cases: z.array(Answer) })
        .parse(await client.call('postventa.case.bill', { cases: chunk }));
      for (const a of answer.cases) {
        const job = chunk.find((x) => x.case === a.case);
        result.set(
          a.case,
          a.problem
            ? { kind: 'blocked', problems: a.problem }
            : a.invoice
              ? { kind: 'invoiced', invoice: a.invoice, created: Number(a.created ?? 0) === 1 }
              : { kind: 'not-billable', cost: job?.cost ?? 0 },
        );
      }
    }
  }
  return result;
}

/** Bills one case if it is closed and not billed yet (the Support Case webhook). */
export async function billClosedCase(client: HostClient, name: string): Promise<BillingOutcome> {
  const c = await client.findDoc('Support Case', name, BillCaseRow);
  if (!c) return { kind: 'skipped', why: 'not found' };
  return (await billCases(client, [c])).get(name) ?? { kind: 'skipped', why: 'not billed' };
}
