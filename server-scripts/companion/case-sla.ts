/**
 * Stamping Support Cases from list rows (domain/sla/stamp.ts) and writing the results: changed cases in batches
 * (`frappe.client.bulk_update`), events through an outbox — a Support Case Event whose unique `dedupe_key` is the
 * claim, and `notified_on` set once the Communication is on the case — so a replayed webhook, a second replica or a
 * crash between steps never warns twice and never loses a warning.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { chooseSlaPolicy } from '../../domain/sla/targets.ts';
import { stampCase, type CaseRow, type StampEvent } from '../../domain/sla/stamp.ts';
import { HostClient } from '../../host-client/client.ts';
import { HostError } from '../../host-client/errors.ts';
import type { SlaContextData } from './sla-context.ts';
import { AnyDoc } from '../../host-client/client.ts';
import { SupportCaseSchema } from '../../generated/doctypes/index.ts';

export const CASE_FIELDS = [
  'name',
  'subject',
  'status',
  'priority',
  'severity',
  'support_level',
  'received_on',
  'creation',
  'modified',
  'customer',
  'service_policy',
  'first_responded_on',
  'requires_specialist',
  'affected_users',
  'assigned_to',
  'team',
  'sla_timeline',
  'sla_policy',
  'response_by',
  'resolution_by',
  'resolved_on',
  'closed_on',
  'on_hold_since',
  'total_hold_seconds',
  'sla_status',
  'response_breached',
  'resolution_breached',
  'first_response_seconds',
  'resolution_seconds',
  'is_vip',
  'sla_next_check_on',
];

/**
 * A Support Case list row as stamping reads it: the fields picked from the generated schema (one source: the
 * DocType JSON), other stored fields passed through for the changed-field comparison, and the Selects and Ints a
 * list row always carries given their doctype defaults when a row comes without them.
 */
export const CaseRowSchema = SupportCaseSchema.pick({
  name: true,
  subject: true,
  status: true,
  priority: true,
  severity: true,
  support_level: true,
  received_on: true,
  customer: true,
  service_policy: true,
  first_responded_on: true,
  requires_specialist: true,
  affected_users: true,
  assigned_to: true,
  team: true,
  sla_timeline: true,
})
  .extend({ creation: z.string(), modified: z.string() })
  .loose()
  .transform((r) => ({
    ...r,
    status: r.status ?? 'Open',
    priority: r.priority ?? 'P3',
    severity: r.severity ?? 'S3',
    support_level: r.support_level ?? 'N1',
    received_on: r.received_on ?? null,
    customer: r.customer ?? null,
    service_policy: r.service_policy ?? null,
    first_responded_on: r.first_responded_on ?? null,
    requires_specialist: r.requires_specialist ?? 0,
    affected_users: r.affected_users ?? 1,
    assigned_to: r.assigned_to ?? null,
    team: r.team ?? null,
    sla_timeline: r.sla_timeline ?? null,
  }));
export type CaseListRow = z.infer<typeof CaseRowSchema>;

export interface CaseUpdate {
  name: string;
  patch: Record<string, unknown>;
  events: (StampEvent & { caseName: string; recipients: string[]; subject: string })[];
}

export function stampRow(row: CaseListRow, ctx: SlaContextData, now: Date): CaseUpdate {
  const customerPolicies = row.customer ? (ctx.servicePolicies.get(row.customer) ?? []) : [];
  const linked = row.service_policy ? (ctx.policyByName.get(row.service_policy) ?? null) : null;
  // A case of a customer with exactly one active policy is linked to it (VIP badge, SLA, allowance).
  const auto = !row.service_policy
    ? customerPolicies.filter((p) => p.status === 'Active').length === 1
      ? (customerPolicies.find((p) => p.status === 'Active') ?? null)
      : null
    : null;
  const policy = linked ?? auto;
  const chosen = chooseSlaPolicy(
    policy ? { status: policy.status, slaPolicy: policy.slaPolicy } : null,
    ctx.defaultSla,
    ctx.policies,
  );
  const rules = chosen ? ctx.policies.get(chosen.policy.name) : undefined;
  const stamp = stampCase(row as CaseRow, {
    now: now.getTime(),
    zone: ctx.zone,
    policy: chosen?.policy ?? null,
    calendar: chosen ? (ctx.calendars.get(chosen.policy.calendar) ?? null) : null,
    // The VIP / Contract badge (seed 000, phase 4): any case under an active policy.
    vip: policy?.status === 'Active',
    servicePolicy: policy?.name ?? null,
    escalationRules: rules?.escalationRules ?? [],
    multipleUsersThreshold: 3,
  });
  const recipients = [row.assigned_to, row.team ? ctx.teamSupervisors.get(row.team) : undefined].filter(
    (x): x is string => !!x,
  );
  return {
    name: row.name,
    patch: stamp.patch,
    events: stamp.events.map((e) => ({
      ...e,
      caseName: row.name,
      recipients: [...new Set(recipients)],
      subject: row.subject ?? row.name,
    })),
  };
}

/** Writes changed cases: one PUT for one case, bulk_update for several. Returns the names that failed. */
/**
 * Writes the stamps through the host's `postventa.sla.stamp` (one call per 1,000 cases): no save hooks and no webhook
 * back to the companion, `modified` left as people left it. Returns the names that could not be written.
 */
export async function writeUpdates(client: HostClient, updates: CaseUpdate[]): Promise<string[]> {
  const changed = updates.filter((u) => Object.keys(u.patch).length);
  const failed: string[] = [];
  for (let i = 0; i < changed.length; i += 1000) {
    const result = z.object({ written: z.number(), failed: z.array(z.string()) }).parse(
      await client.call('postventa.sla.stamp', {
        rows: changed.slice(i, i + 1000).map((u) => ({ name: u.name, patch: u.patch })),
      }),
    );
    failed.push(...result.failed);
  }
  return failed;
}

/** The tag a notification carries in its subject: it marks which event it announced. */
export function notificationTag(dedupeKey: string): string {
  return `[pv:${createHash('sha1').update(dedupeKey).digest('hex').slice(0, 12)}]`;
}

const TITLES: Record<string, string> = {
  'SLA Warning': 'Alerta de SLA / SLA warning',
  'SLA Breach': 'SLA incumplido / SLA breached',
  'Level Change': 'Escalamiento / Escalation',
};
const BATCH = 200; // frappe.client.insert_many takes at most 200 documents

/**
 * Records each event once and notifies once: the event is the claim. (1) Which dedupe keys exist; (2) the missing
 * events are inserted without `notified_on`: the host's unique `dedupe_key` lets exactly one writer (webhook, sweep,
 * another replica) claim each; (3) only what this writer claimed is announced, once more checked by the tag in the
 * Communication subject; (4) `notified_on` is set on what was announced. Before, the notice went out first and two
 * writers could both send it. A claimer that died between (2) and (4) leaves an event without `notified_on`: a
 * later run announces it once it is older than `retryBeforeText` (no live claimer is still sending it by then).
 */
export async function recordEvents(
  client: HostClient,
  updates: CaseUpdate[],
  nowText: string,
  retryBeforeText = '',
): Promise<{ claimed: number; notified: number }> {
  const byKey = new Map<string, CaseUpdate['events'][number]>();
  for (const u of updates) for (const e of u.events) byKey.set(e.dedupeKey, e);
  if (!byKey.size) return { claimed: 0, notified: 0 };
  // Long `in` lists go in a POST body (get_list), never in a URL.
  const lookup = async (doctype: string, fields: string[], filters: unknown[][]): Promise<Record<string, unknown>[]> =>
    z.array(AnyDoc).parse(
      await client.call('frappe.client.get_list', {
        doctype,
        fields,
        filters,
        order_by: 'name asc',
        limit_page_length: 0,
      }),
    );
  const keys = [...byKey.keys()];
  const orphans: { name: string; event: CaseUpdate['events'][number] }[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    for (const row of await lookup(
      'Support Case Event',
      ['name', 'dedupe_key', 'notified_on', 'creation'],
      [['dedupe_key', 'in', keys.slice(i, i + 500)]],
    )) {
      const event = byKey.get(String(row.dedupe_key));
      byKey.delete(String(row.dedupe_key));
      if (event?.notify && !row.notified_on && retryBeforeText && String(row.creation) < retryBeforeText)
        orphans.push({ name: String(row.name), event });
    }
  }
  const fresh = [...byKey.values()];
  const mine = [...(await claimEvents(client, fresh)), ...orphans];
  const announce = mine.filter((m) => m.event.notify);
  if (!announce.length) return { claimed: mine.length - orphans.length, notified: 0 };
  const cases = [...new Set(announce.map((m) => m.event.caseName))];
  const sent: Record<string, unknown>[] = [];
  for (let i = 0; i < cases.length; i += 500)
    sent.push(
      ...(await lookup(
        'Communication',
        ['subject'],
        [
          ['reference_doctype', '=', 'Support Case'],
          ['reference_name', 'in', cases.slice(i, i + 500)],
          ['subject', 'like', '%[pv:%'],
        ],
      )),
    );
  const tags = new Set(sent.map((r) => /\[pv:[0-9a-f]+\]/.exec(String(r.subject))?.[0]));
  const toSend = announce.filter((m) => !tags.has(notificationTag(m.event.dedupeKey)));
  for (let i = 0; i < toSend.length; i += BATCH) {
    await client.call('frappe.client.insert_many', {
      docs: toSend.slice(i, i + BATCH).map(({ event: e }) => ({
        doctype: 'Communication',
        subject: `${TITLES[e.eventType] ?? e.eventType}: ${e.caseName} ${e.subject} ${notificationTag(e.dedupeKey)}`,
        content: `<p>${e.reason}</p>`,
        communication_type: 'Automated Message',
        communication_medium: 'Email',
        sent_or_received: 'Sent',
        status: 'Linked',
        recipients: e.recipients.join(', ') || null,
        reference_doctype: 'Support Case',
        reference_name: e.caseName,
      })),
    });
  }
  for (let i = 0; i < announce.length; i += 500)
    await client.call('frappe.client.bulk_update', {
      // Frappe reads `docs` as a JSON string.
      docs: JSON.stringify(
        announce
          .slice(i, i + 500)
          .map((m) => ({ doctype: 'Support Case Event', docname: m.name, notified_on: nowText })),
      ),
    });
  return { claimed: mine.length - orphans.length, notified: toSend.length };
}

/** Inserts the events (no `notified_on` yet); returns the ones this writer got, with their names. */
async function claimEvents(
  client: HostClient,
  fresh: CaseUpdate['events'],
): Promise<{ name: string; event: CaseUpdate['events'][number] }[]> {
  const eventDoc = (e: CaseUpdate['events'][number]): Record<string, unknown> => ({
    doctype: 'Support Case Event',
    support_case: e.caseName,
    event_type: e.eventType,
    at: e.at,
    from_value: e.fromValue,
    to_value: e.toValue,
    reason: e.reason,
    dedupe_key: e.dedupeKey,
    ...(e.businessSeconds != null ? { business_seconds_in_previous: e.businessSeconds } : {}),
  });
  const mine: { name: string; event: CaseUpdate['events'][number] }[] = [];
  for (let i = 0; i < fresh.length; i += BATCH) {
    const chunk = fresh.slice(i, i + BATCH);
    try {
      // insert_many answers the new names, in order.
      const made = z
        .array(z.string())
        .parse(await client.call('frappe.client.insert_many', { docs: chunk.map(eventDoc) }));
      chunk.forEach((event, j) => mine.push({ name: made[j] ?? '', event }));
    } catch (err) {
      if (!(err instanceof HostError) || err.status >= 500) throw err;
      // Another writer recorded one of these meanwhile: one by one, skipping what it claimed.
      for (const event of chunk) {
        try {
          const doc = await client.insert('Support Case Event', eventDoc(event), AnyDoc);
          mine.push({ name: String(doc.name), event });
        } catch (one) {
          if (!(one instanceof HostError && one.excType === 'UniqueValidationError')) throw one;
        }
      }
    }
  }
  return mine;
}
