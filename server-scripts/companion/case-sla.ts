/**
 * Stamping Support Cases from list rows (domain/sla/stamp.ts) and writing the results: changed cases in batches
 * (`frappe.client.bulk_update`), events through an outbox — a Support Case Event whose unique `dedupe_key` is the
 * claim, and `notified_on` set once the Communication is on the case — so a replayed webhook, a second replica or a
 * crash between steps never warns twice and never loses a warning.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { alertRecipients, policyForCase, showsContractBadge } from '../../domain/case/rules.ts';
import { chooseSlaPolicy } from '../../domain/sla/targets.ts';
import { halves, type Halves } from '../../domain/text/bilingual.ts';
import { stampCase, type CaseRow, type StampEvent } from '../../domain/sla/stamp.ts';
import { HostClient } from '../../host-client/client.ts';
import { HostError } from '../../host-client/errors.ts';
import type { SlaContextData } from './sla-context.ts';
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
  'sla_sort_key',
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
  const policy = policyForCase(row.service_policy, ctx.policyByName, customerPolicies);
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
    vip: showsContractBadge(policy),
    servicePolicy: policy?.name ?? null,
    escalationRules: rules?.escalationRules ?? [],
    multipleUsersThreshold: 3,
  });
  const recipients = alertRecipients(row.assigned_to, row.team, ctx.teamSupervisors);
  return {
    name: row.name,
    patch: stamp.patch,
    events: stamp.events.map((e) => ({
      ...e,
      caseName: row.name,
      recipients,
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

const TITLES: Record<string, Halves> = {
  'SLA Warning': { es: 'Alerta de SLA', en: 'SLA warning' },
  'SLA Breach': { es: 'SLA incumplido', en: 'SLA breached' },
  'Level Change': { es: 'Escalamiento', en: 'Escalation' },
};
/** Events per host call: the host writes each call's events and notices in one transaction. */
const EVENTS_PER_CALL = 1000;

type StampedEvent = CaseUpdate['events'][number];
type Notice = { subject: Halves; content: Halves; recipients: string };

/**
 * The notice of an event that warns people, in both languages: the host sends each recipient the one of their
 * language (sla_events.py). The subject carries the tag that marks the event.
 */
function noticeOf(e: StampedEvent): Notice {
  const reason = halves(e.reason) ?? { es: e.reason, en: e.reason };
  const title = TITLES[e.eventType] ?? { es: e.eventType, en: e.eventType };
  const tag = notificationTag(e.dedupeKey);
  const subject = (lang: 'es' | 'en'): string => {
    const head = `${title[lang]}: ${e.caseName} `;
    return `${head}${e.subject.slice(0, 500 - head.length - tag.length - 1)} ${tag}`;
  };
  return {
    subject: { es: subject('es'), en: subject('en') },
    content: { es: `<p>${reason.es}</p>`.slice(0, 5000), en: `<p>${reason.en}</p>`.slice(0, 5000) },
    recipients: e.recipients.join(', ').slice(0, 1000),
  };
}

const AnswerSchema = z.object({
  claimed: z.array(z.object({ key: z.string(), name: z.string() })),
  notified: z.array(z.string()),
});

/**
 * Records each event once and notifies once, through the host's `postventa.sla.events` (1,000 per call): the event,
 * its notice (a Communication on the case) and `notified_on` are written in one host transaction, so exactly one
 * writer (webhook, sweep, another replica) records and announces each. A call that lost a race for a unique key
 * rolled back whole and is made once more: then the other writer's events read as existing. An event an older
 * version recorded without announcing is announced once older than `retryBeforeText`. With `backfill` (the first
 * run over a site's backlog) events are recorded as history, already announced, and nobody is mailed.
 */
export async function recordEvents(
  client: HostClient,
  updates: CaseUpdate[],
  nowText: string,
  retryBeforeText = '',
  opts: { backfill?: boolean } = {},
): Promise<{ claimed: number; notified: number }> {
  const byKey = new Map<string, StampedEvent>();
  for (const u of updates) for (const e of u.events) byKey.set(e.dedupeKey, e);
  const events = [...byKey.values()];
  let claimed = 0;
  let notified = 0;
  for (let i = 0; i < events.length; i += EVENTS_PER_CALL) {
    const body = {
      events: events.slice(i, i + EVENTS_PER_CALL).map((e) => ({
        support_case: e.caseName,
        event_type: e.eventType,
        at: e.at,
        from_value: e.fromValue,
        to_value: e.toValue,
        reason: e.reason.slice(0, 2000),
        dedupe_key: e.dedupeKey,
        ...(e.businessSeconds != null ? { business_seconds_in_previous: e.businessSeconds } : {}),
        ...(e.notify && !opts.backfill ? { notice: noticeOf(e) } : {}),
      })),
      now: nowText,
      ...(retryBeforeText ? { retry_before: retryBeforeText } : {}),
      ...(opts.backfill ? { backfill: nowText } : {}),
    };
    const call = async () => AnswerSchema.parse(await client.call('postventa.sla.events', body));
    const answer = await call().catch((err: unknown) => {
      if (!(err instanceof HostError) || err.status >= 500) throw err;
      return call();
    });
    claimed += answer.claimed.length;
    notified += answer.notified.length;
  }
  return { claimed, notified };
}
