/**
 * The invoice a case becomes (seed 004: warranty and courtesy cases are not invoiced; otherwise an invoice with the
 * supplies used; seed 003: hours per level). Supplies at the row's rate or the customer's price list; labour per
 * level at its item's price; a policy's allowance covers hours first (N1, then N2, then N3: the plainest work is
 * what an allowance is bought for), hours beyond it go at the plan's overage rate; a plan may cover parts.
 */
import type { BilingualMessage } from '../validation-error.ts';
import {
  LEVELS,
  type BillingInput,
  type BillingProblem,
  type InvoiceLine,
  type Level,
  type PolicyCover,
} from './types.ts';

/** Money to the currency's decimals, half away from zero. */
export function roundMoney(amount: number, precision: number): number {
  const f = 10 ** Math.max(0, Math.min(6, Math.trunc(precision)));
  return (Math.sign(amount) * Math.round(Math.abs(amount) * f + Number.EPSILON)) / f;
}

const hours2 = (h: number): number => Math.round(Math.max(0, h) * 100) / 100;

export interface CoverSplit {
  covered: Record<Level, number>;
  billed: Record<Level, number>;
}

/** Which of the case's hours the policy's allowance still covers this period, level by level. */
export function splitAllowance(hours: BillingInput['hours'], policy: PolicyCover | null): CoverSplit {
  let left = policy ? Math.max(0, policy.allowanceHours - Math.max(0, policy.hoursUsedBefore)) : 0;
  const covered = { N1: 0, N2: 0, N3: 0 };
  const billed = { N1: 0, N2: 0, N3: 0 };
  for (const level of LEVELS) {
    const h = hours2(hours[level] ?? 0);
    const c = Math.min(h, left);
    covered[level] = hours2(c);
    billed[level] = hours2(h - c);
    left -= c;
  }
  return { covered, billed };
}

export interface InvoicePlan {
  /** Whether an invoice is to be made; `reason` says why not (or what it is for). */
  invoice: boolean;
  reason: BilingualMessage;
  lines: InvoiceLine[];
  problems: BillingProblem[];
  total: number;
  split: CoverSplit;
}

const NO_INVOICE: Record<'Warranty' | 'Courtesy', BilingualMessage> = {
  Warranty: { es: 'Caso de garantía: no se factura.', en: 'Warranty case: not invoiced.' },
  Courtesy: { es: 'Caso de cortesía: no se factura.', en: 'Courtesy case: not invoiced.' },
};

function partLines(input: BillingInput, problems: BillingProblem[], onlyCharged: boolean): InvoiceLine[] {
  if (input.policy?.coversParts && !onlyCharged) return [];
  const lines: InvoiceLine[] = [];
  input.supplies.forEach((s, i) => {
    if (!(s.qty > 0)) return;
    const typed = s.rate !== null && s.rate !== undefined && s.rate > 0 ? s.rate : null;
    if (onlyCharged && typed === null) return;
    const rate = typed ?? input.prices.get(s.item);
    if (rate === undefined) {
      problems.push({
        field: `supplies[${i}].rate`,
        message: {
          es: `Insumo ${s.item}: no tiene precio en la lista de precios del cliente ni en la fila.`,
          en: `Supply ${s.item}: it has no price in the customer's price list nor on the row.`,
        },
      });
      return;
    }
    lines.push({
      item: s.item,
      qty: s.qty,
      rate: roundMoney(rate, input.precision),
      amount: roundMoney(s.qty * rate, input.precision),
      kind: 'part',
      serial_no: s.serial_no ?? null,
      warehouse: s.warehouse ?? null,
      description: `${input.caseName}: ${s.item}${s.serial_no ? ` (${s.serial_no})` : ''}`,
    });
  });
  return lines;
}

function labourLines(input: BillingInput, split: CoverSplit, problems: BillingProblem[]): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  for (const level of LEVELS) {
    const qty = split.billed[level];
    if (!(qty > 0)) continue;
    const item = input.labour[level].item;
    if (!item) {
      problems.push({
        field: `${level.toLowerCase()}_labour_item`,
        message: {
          es: `Horas ${level}: falta el ítem de mano de obra ${level} en la configuración de Postventa.`,
          en: `${level} hours: the ${level} labour item is missing in Postventa Settings.`,
        },
      });
      continue;
    }
    const overage = input.policy !== null && input.policy.allowanceHours > 0;
    const rate = overage && input.policy?.overageRate != null ? input.policy.overageRate : input.prices.get(item);
    if (rate === undefined) {
      problems.push({
        field: `${level.toLowerCase()}_labour_item`,
        message: {
          es: `Horas ${level}: el ítem ${item} no tiene precio en la lista de precios del cliente.`,
          en: `${level} hours: item ${item} has no price in the customer's price list.`,
        },
      });
      continue;
    }
    lines.push({
      item,
      qty,
      rate: roundMoney(rate, input.precision),
      amount: roundMoney(qty * rate, input.precision),
      kind: overage ? 'overage' : 'labour',
      level,
      description: overage
        ? `${input.caseName}: horas ${level} sobre la cobertura de la póliza ${input.policy?.name ?? ''}`.trim()
        : `${input.caseName}: horas ${level}`,
    });
  }
  return lines;
}

/** The invoice a case becomes, or why it becomes none. */
export function planInvoice(input: BillingInput): InvoicePlan {
  const split = splitAllowance(input.hours, input.policy);
  const problems: BillingProblem[] = [];
  const free = input.caseType === 'Warranty' || input.caseType === 'Courtesy';
  if (free && !input.invoiceExtras)
    return {
      invoice: false,
      reason: NO_INVOICE[input.caseType as 'Warranty' | 'Courtesy'],
      lines: [],
      problems,
      total: 0,
      split,
    };
  // A warranty or courtesy case with the setting on invoices only what the agent charged on the row.
  const lines = free
    ? partLines(input, problems, true)
    : [...partLines(input, problems, false), ...labourLines(input, split, problems)];
  const total = roundMoney(
    lines.reduce((s, l) => s + l.amount, 0),
    input.precision,
  );
  if (problems.length)
    return {
      invoice: false,
      reason: {
        es: 'No se puede facturar todavía: corrija lo indicado.',
        en: 'Cannot invoice yet: fix what is listed.',
      },
      lines,
      problems,
      total,
      split,
    };
  if (!lines.length)
    return {
      invoice: false,
      reason: input.policy
        ? { es: `Todo lo cubre la póliza ${input.policy.name}.`, en: `Policy ${input.policy.name} covers it all.` }
        : { es: 'Nada que facturar.', en: 'Nothing to invoice.' },
      lines,
      problems,
      total,
      split,
    };
  return {
    invoice: true,
    reason: { es: `Factura de ${lines.length} líneas.`, en: `Invoice of ${lines.length} lines.` },
    lines,
    problems,
    total,
    split,
  };
}
