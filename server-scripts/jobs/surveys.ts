/**
 * Satisfaction surveys, every sweep (issue 17). What is due is read in a few lists — cases Closed and visits
 * Completed more than the settings' delay ago (within a week of it), customers with an active policy not yet asked
 * this relationship period, surveys sent and not answered past the reminder hours, links run out —; the sample is
 * decided here from each case's key (domain/surveys), the same on every replica; `postventa.survey.prepare` makes
 * each survey once (or records why it was skipped) and answers the ones to mail with their links; each is rendered
 * with mjml in the customer's language (mail/survey.ts) and `postventa.notice.send` sends it once, e-mail and
 * WhatsApp, on the case's timeline.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';
import type { HostClient, Filter } from '../../host-client/client.ts';
import { siteZone } from '../companion/sla-context.ts';
import { noticeLang } from '../companion/mail/notices.ts';
import { surveyMail, type SurveyKind } from '../companion/mail/survey.ts';
import { inSample, relationshipPeriod } from '../../domain/surveys/surveys.ts';

export const config: JobConfig = { name: 'surveys', schedule: { everySweep: true } };

const num = z.coerce.number().nullish();
const Settings = z.object({
  send_surveys: num,
  survey_delay_hours: num,
  survey_sampling_percent: num,
  survey_reminder_hours: num,
  relationship_nps_months: num,
});
const Named = z.object({ name: z.string() });
const Keyed = z.object({ name: z.string(), dedupe_key: z.string().nullish() });
const Customer = z.object({ name: z.string(), customer_name: z.string().nullish(), language: z.string().nullish() });
const Send = z.object({
  survey: z.string(),
  kind: z.enum(['survey', 'survey-reminder']),
  customer: z.string(),
  contact: z.string().nullish(),
  email: z.string().nullish(),
  support_case: z.string().nullish(),
  trigger: z.string().nullish(),
  case_subject: z.string().nullish(),
  expires_on: z.string().nullish(),
  link: z.string(),
});
const Prepared = z.object({ send: z.array(Send), made: z.array(z.string()), skipped: z.array(z.unknown()) });
const Sent = z.object({ sent: z.array(z.unknown()), skipped: z.array(z.unknown()) });

interface Item {
  kind: 'case' | 'visit' | 'relationship' | 'reminder' | 'expire';
  name: string;
  sampled?: boolean;
  period?: string;
}

const stamp = (d: DateTime): string => d.toFormat('yyyy-MM-dd HH:mm:ss');

async function names(client: HostClient, doctype: string, filters: Filter[]): Promise<string[]> {
  const out: string[] = [];
  for await (const page of client.iterateByName(doctype, { fields: ['name'], filters, pageSize: 500 }, Named))
    out.push(...page.map((r) => r.name));
  return out;
}

/** The dedupe keys among `keys` that already have a survey (made or skipped). */
async function known(client: HostClient, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 500)
    for (const r of await client.allRows(
      'Survey Response',
      { fields: ['name', 'dedupe_key'], filters: [['dedupe_key', 'in', keys.slice(i, i + 500)]] },
      Keyed,
    ))
      if (r.dedupe_key) out.add(r.dedupe_key);
  return out;
}

/** Everything due now, as prepare's items. */
export async function dueSurveys(client: HostClient, now: Date, zone: string): Promise<Item[]> {
  const s = await client.getDoc('Postventa Settings', 'Postventa Settings', Settings);
  if (s.send_surveys === 0) return [];
  const here = DateTime.fromJSDate(now, { zone });
  const until = here.minus({ hours: Math.max(0, s.survey_delay_hours ?? 2) });
  const window: [string, string] = [stamp(until.minus({ days: 7 })), stamp(until)];
  const percent = s.survey_sampling_percent ?? 100;
  const cases = await names(client, 'Support Case', [
    ['status', '=', 'Closed'],
    ['closed_on', 'between', window],
  ]);
  const visits = await names(client, 'Service Visit', [
    ['status', '=', 'Completed'],
    ['finished_on', 'between', window],
  ]);
  const period = relationshipPeriod(here.toISODate() ?? '', s.relationship_nps_months ?? 0);
  const customers = period
    ? (
        await client.allRows(
          'Service Policy',
          { fields: ['customer'], filters: [['status', '=', 'Active']], groupBy: 'customer' },
          z.object({ customer: z.string() }),
        )
      ).map((r) => r.customer)
    : [];
  const candidates: (Item & { key: string })[] = [
    ...cases.map((n) => ({
      kind: 'case' as const,
      name: n,
      key: `case|${n}`,
      sampled: inSample(`case|${n}`, percent),
    })),
    ...visits.map((n) => ({
      kind: 'visit' as const,
      name: n,
      key: `visit|${n}`,
      sampled: inSample(`visit|${n}`, percent),
    })),
    ...customers.map((c) => ({
      kind: 'relationship' as const,
      name: c,
      key: `relationship|${c}|${period ?? ''}`,
      period: period ?? '',
    })),
  ];
  const done = await known(
    client,
    candidates.map((c) => c.key),
  );
  const items: Item[] = candidates.filter((c) => !done.has(c.key)).map(({ key: _key, ...item }) => item);
  const reminderHours = s.survey_reminder_hours ?? 72;
  if (reminderHours > 0)
    for (const n of await names(client, 'Survey Response', [
      ['status', '=', 'Sent'],
      ['reminder_sent_on', 'is', 'not set'],
      ['sent_on', '<=', stamp(here.minus({ hours: reminderHours }))],
      ['expires_on', '>', stamp(here)],
    ]))
      items.push({ kind: 'reminder', name: n });
  for (const n of await names(client, 'Survey Response', [
    ['status', 'in', ['Pending', 'Sent']],
    ['expires_on', '<', stamp(here)],
  ]))
    items.push({ kind: 'expire', name: n });
  return items;
}

const KIND: Record<string, SurveyKind> = {
  'Case Closed': 'case',
  'Visit Completed': 'visit',
  Periodic: 'relationship',
};

export default async function surveys(job: JobContext): Promise<JobResult> {
  const zone = await siteZone(job.client);
  const items = await dueSurveys(job.client, job.now, zone);
  const send = new Map<string, z.infer<typeof Send>>();
  let made = 0;
  let skipped = 0;
  // With nothing new, one call still finishes what an earlier run left Pending.
  for (let i = 0; i === 0 || i < items.length; i += 500) {
    const a = Prepared.parse(await job.client.call('postventa.survey.prepare', { items: items.slice(i, i + 500) }));
    for (const s of a.send) send.set(`${s.kind}|${s.survey}`, s);
    made += a.made.length;
    skipped += a.skipped.length;
  }
  const customers = new Map<string, z.infer<typeof Customer>>();
  const wanted = [...new Set([...send.values()].map((s) => s.customer))];
  for (let i = 0; i < wanted.length; i += 500)
    for (const c of await job.client.allRows(
      'Customer',
      { fields: ['name', 'customer_name', 'language'], filters: [['name', 'in', wanted.slice(i, i + 500)]] },
      Customer,
    ))
      customers.set(c.name, c);
  const notices: Record<string, unknown>[] = [];
  for (const s of send.values()) {
    const c = customers.get(s.customer);
    const lang = noticeLang(c?.language);
    const expires = s.expires_on
      ? DateTime.fromSQL(s.expires_on.slice(0, 19), { zone }).setLocale(lang).toLocaleString(DateTime.DATE_FULL)
      : '';
    const m = await surveyMail(
      KIND[s.trigger ?? ''] ?? 'case',
      lang,
      {
        customer: c?.customer_name ?? s.customer,
        reference: s.support_case ?? '',
        subject: s.case_subject ?? '',
        expires,
      },
      s.kind === 'survey-reminder',
    );
    notices.push({
      kind: s.kind,
      key: `${s.kind}|${s.survey}`,
      reference_doctype: 'Survey Response',
      reference_name: s.survey,
      customer: s.customer,
      contact: s.contact ?? null,
      email: s.email ?? null,
      support_case: s.support_case ?? null,
      channels: ['email', 'whatsapp'],
      link: s.link,
      ...m,
    });
  }
  let sent = 0;
  for (let i = 0; i < notices.length; i += 100)
    sent += Sent.parse(await job.client.call('postventa.notice.send', { items: notices.slice(i, i + 100) })).sent
      .length;
  return { items: sent, detail: { due: items.length, made, skipped, sent } };
}
