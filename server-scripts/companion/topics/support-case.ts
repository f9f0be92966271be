/**
 * `support-case`: a case was saved or deleted. Its row is read as it is now (a delivery older than the document is
 * stale: the newer state was or will be seen), the SLA facts stamped, and its events recorded once. A case that is
 * Closed is billed (companion/billing.ts): a draft invoice, or Not Billable with its cost; a replayed delivery finds
 * it billed and changes nothing.
 */
import { formatFrappeDatetime } from '../../../domain/sla/frappe-time.ts';
import { CASE_FIELDS, CaseRowSchema, recordEvents, stampRow, writeUpdates } from '../case-sla.ts';
import { billClosedCase } from '../billing.ts';
import type { TopicHandler } from './types.ts';

export const supportCase: TopicHandler = async (p, deps) => {
  if (p.doctype !== 'Support Case')
    return { status: 400, body: { error: 'support-case deliveries must be about a Support Case' } };
  const rows = await deps.client.list(
    'Support Case',
    { fields: CASE_FIELDS, filters: [['name', '=', p.name]], orderBy: 'name asc', pageSize: 1 },
    CaseRowSchema,
  );
  const row = rows[0];
  if (!row) return { status: 200, body: { status: 'gone' } };
  if (p.modified && p.modified.slice(0, 19) < row.modified.slice(0, 19))
    return { status: 200, body: { status: 'stale' } };
  const now = deps.clock();
  const ctx = await deps.sla.get(now);
  const update = stampRow(row, ctx, now);
  const failed = await writeUpdates(deps.client, [update]);
  const { claimed } = failed.length
    ? { claimed: 0 }
    : await recordEvents(deps.client, [update], formatFrappeDatetime(now.getTime(), ctx.zone));
  // Billing never fails the delivery: what blocks it (a missing price) is logged and the case stays To Bill.
  const billing =
    row.status === 'Closed'
      ? await billClosedCase(deps.client, row.name).catch((e: unknown) => ({
          kind: 'error' as const,
          why: e instanceof Error ? e.message : String(e),
        }))
      : null;
  deps.log('info', 'webhook processed', {
    topic: p.topic,
    name: p.name,
    changed: Object.keys(update.patch),
    events: claimed,
    ...(billing ? { billing } : {}),
  });
  return {
    status: 200,
    body: { status: Object.keys(update.patch).length ? 'stamped' : 'unchanged', changed: Object.keys(update.patch) },
  };
};
