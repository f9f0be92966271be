/**
 * The customer's notices, every sweep (issue 14): what is due is read in a few lists — maintenance occurrences made
 * and not yet notified, appointments whose change is pending notice, visits starting within the reminder hours
 * (Postventa Settings) not yet reminded, serials whose warranty or AMC ends within the alert days —, each e-mail is
 * rendered with mjml in the customer's language (mail/notices.ts) and `postventa.notice.send` sends them, 100 per
 * call, each once (its key is unique on the host), recording a proactive Customer Interaction. The end of a
 * warranty or AMC is not mailed to the customer: it becomes an interaction with a follow-up task for the owner.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import type { JobConfig, JobContext, JobResult } from '../companion/job-types.ts';
import type { HostClient } from '../../host-client/client.ts';
import { siteZone } from '../companion/sla-context.ts';
import { noticeLang, noticeMail, type NoticeKind, type NoticeLang } from '../companion/mail/notices.ts';

export const config: JobConfig = { name: 'notices', schedule: { everySweep: true } };

const str = z.string().nullish();
const Settings = z.object({
  appointment_reminder_hours: z.coerce.number().nullish(),
  warranty_alert_days: z.coerce.number().nullish(),
});
const Occurrence = z.object({
  name: z.string(),
  customer: str,
  serial_no: str,
  scheduled_date: z.string(),
  support_case: str,
  service_visit: str,
});
const Appointment = z.object({
  name: z.string(),
  customer: z.string(),
  contact: str,
  status: z.string(),
  confirmed_start: str,
  confirmed_end: str,
  location: str,
  change_reason: str,
  reschedule_count: z.coerce.number().nullish(),
  support_case: str,
});
const Visit = z.object({
  name: z.string(),
  customer: z.string(),
  scheduled_start: z.string(),
  scheduled_end: str,
  location: str,
  support_case: str,
  appointment_request: str,
});
const Serial = z.object({
  name: z.string(),
  item_code: str,
  customer: str,
  warranty_expiry_date: str,
  amc_expiry_date: str,
});
const Customer = z.object({ name: z.string(), customer_name: str, language: str });
const Sent = z.object({ sent: z.array(z.unknown()), skipped: z.array(z.unknown()) });

export interface Notice {
  kind: 'maintenance' | 'appointment' | 'reminder' | 'warranty-end' | 'amc-end';
  key: string;
  reference_doctype: string;
  reference_name: string;
  customer: string;
  contact?: string | null;
  support_case?: string | null;
  channels: ('email' | 'whatsapp')[];
  follow_up?: string;
  /** What the mail says; absent for internal alerts. */
  mail?: { kind: NoticeKind; when: string; end?: string | null; equipment: string; place: string; reason: string };
  /** The internal alert's text. */
  text?: string;
}

const CUSTOMER_CHANNELS: Notice['channels'] = ['email', 'whatsapp'];

async function all<S extends z.ZodType<{ name: string }>>(
  client: HostClient,
  doctype: string,
  fields: string[],
  filters: [string, string, unknown][],
  schema: S,
): Promise<z.infer<S>[]> {
  const out: z.infer<S>[] = [];
  for await (const page of client.iterateByName(doctype, { fields, filters, pageSize: 500 }, schema)) out.push(...page);
  return out;
}

/** What is due now, read in one list per kind. */
export async function dueNotices(client: HostClient, now: Date, zone: string): Promise<Notice[]> {
  const settings = await client.getDoc('Postventa Settings', 'Postventa Settings', Settings);
  const here = DateTime.fromJSDate(now, { zone });
  const today = here.toISODate() ?? '';
  const hours = Math.max(1, settings.appointment_reminder_hours ?? 24);
  const alertDays = Math.max(0, settings.warranty_alert_days ?? 30);
  return [
    ...(await maintenanceNotices(client, today)),
    ...(await appointmentNotices(client)),
    ...(await reminderNotices(client, here, hours)),
    ...(await endAlerts(client, today, DateTime.fromISO(today).plus({ days: alertDays }).toISODate() ?? today)),
  ];
}

/** Occurrences made (with their case and proposed visit) and not yet notified, from today on. */
async function maintenanceNotices(client: HostClient, today: string): Promise<Notice[]> {
  const occurrences = await all(
    client,
    'Maintenance Occurrence',
    Object.keys(Occurrence.shape),
    [
      ['status', '=', 'Case Created'],
      ['notified_on', 'is', 'not set'],
      ['scheduled_date', '>=', today],
    ],
    Occurrence,
  );
  const places = await fieldOf(
    client,
    'Service Visit',
    'location',
    occurrences.map((o) => o.service_visit).filter((x): x is string => !!x),
  );
  return occurrences
    .filter((o) => !!o.customer)
    .map((o) => ({
      kind: 'maintenance',
      key: `maintenance|${o.name}`,
      reference_doctype: 'Maintenance Occurrence',
      reference_name: o.name,
      customer: o.customer ?? '',
      support_case: o.support_case ?? null,
      channels: CUSTOMER_CHANNELS,
      mail: {
        kind: 'maintenance',
        when: o.scheduled_date,
        equipment: o.serial_no ?? '',
        place: (o.service_visit && places.get(o.service_visit)) || '',
        reason: '',
      },
    }));
}

/** Appointments whose confirmation, new date or cancellation the customer has not been told yet. */
async function appointmentNotices(client: HostClient): Promise<Notice[]> {
  const rows = await all(
    client,
    'Appointment Request',
    Object.keys(Appointment.shape),
    [['notice_pending', '=', 1]],
    Appointment,
  );
  return rows.map((a) => {
    const kind: NoticeKind =
      a.status === 'Cancelled' ? 'cancelled' : a.status === 'Rescheduled' ? 'rescheduled' : 'confirmed';
    return {
      kind: 'appointment',
      key: `appointment|${a.name}|${kind}|${a.reschedule_count ?? 0}`,
      reference_doctype: 'Appointment Request',
      reference_name: a.name,
      customer: a.customer,
      contact: a.contact ?? null,
      support_case: a.support_case ?? null,
      channels: CUSTOMER_CHANNELS,
      mail: {
        kind,
        when: a.confirmed_start ?? '',
        end: a.confirmed_end,
        equipment: '',
        place: a.location ?? '',
        reason: a.change_reason ?? '',
      },
    };
  });
}

/** Visits (proposed or scheduled) starting within the reminder hours, not reminded yet. */
async function reminderNotices(client: HostClient, here: DateTime, hours: number): Promise<Notice[]> {
  const stamp = (d: DateTime): string => d.toFormat('yyyy-MM-dd HH:mm:ss');
  const visits = await all(
    client,
    'Service Visit',
    Object.keys(Visit.shape),
    [
      ['status', 'in', ['Proposed', 'Scheduled']],
      ['reminder_sent_on', 'is', 'not set'],
      ['scheduled_start', 'between', [stamp(here), stamp(here.plus({ hours }))]],
    ],
    Visit,
  );
  const contacts = await fieldOf(
    client,
    'Appointment Request',
    'contact',
    visits.map((v) => v.appointment_request).filter((x): x is string => !!x),
  );
  return visits.map((v) => ({
    kind: 'reminder',
    key: `reminder|${v.name}|${v.scheduled_start.slice(0, 16)}`,
    reference_doctype: 'Service Visit',
    reference_name: v.name,
    customer: v.customer,
    contact: v.appointment_request ? (contacts.get(v.appointment_request) ?? null) : null,
    support_case: v.support_case ?? null,
    channels: CUSTOMER_CHANNELS,
    mail: {
      kind: 'reminder',
      when: v.scheduled_start,
      end: v.scheduled_end,
      equipment: '',
      place: v.location ?? '',
      reason: '',
    },
  }));
}

/** One field of the named rows (500 names per request), for the rows where it is set: name → value. */
async function fieldOf(
  client: HostClient,
  doctype: string,
  field: string,
  names: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < names.length; i += 500)
    for (const r of await client.list(
      doctype,
      {
        fields: ['name', field],
        filters: [['name', 'in', names.slice(i, i + 500)]],
        orderBy: 'name asc',
        pageSize: 500,
      },
      z.object({ name: z.string() }).catchall(z.unknown()),
    )) {
      const v = r[field];
      if (typeof v === 'string' && v) out.set(r.name, v);
    }
  return out;
}

/** Serials whose warranty or AMC ends between today and the horizon, not yet alerted (their keys read back). */
async function endAlerts(client: HostClient, today: string, horizon: string): Promise<Notice[]> {
  const found: Notice[] = [];
  for (const [field, kind] of [
    ['warranty_expiry_date', 'warranty-end'],
    ['amc_expiry_date', 'amc-end'],
  ] as const) {
    const serials = await all(
      client,
      'Serial No',
      Object.keys(Serial.shape),
      [
        [field, 'between', [today, horizon]],
        ['customer', 'is', 'set'],
      ],
      Serial,
    );
    for (const s of serials) {
      const ends = (s[field] ?? '').slice(0, 10);
      const es = kind === 'warranty-end' ? 'la garantía' : 'el contrato de mantención (AMC)';
      const en = kind === 'warranty-end' ? 'the warranty' : 'the maintenance contract (AMC)';
      found.push({
        kind,
        key: `${kind}|${s.name}|${ends}`,
        reference_doctype: 'Serial No',
        reference_name: s.name,
        customer: s.customer ?? '',
        channels: [],
        follow_up: today,
        text: `Termina ${es} de ${s.item_code ?? ''} ${s.name} el ${ends}: ofrezca la renovación. / ${en} of ${s.item_code ?? ''} ${s.name} ends on ${ends}: offer a renewal.`,
      });
    }
  }
  const done = new Set<string>();
  for (let i = 0; i < found.length; i += 500) {
    const rows = await client.list(
      'Customer Interaction',
      {
        fields: ['name', 'notice_key'],
        filters: [['notice_key', 'in', found.slice(i, i + 500).map((n) => n.key)]],
        orderBy: 'name asc',
        pageSize: 500,
      },
      z.object({ name: z.string(), notice_key: str }),
    );
    for (const r of rows) if (r.notice_key) done.add(r.notice_key);
  }
  return found.filter((n) => !done.has(n.key));
}

/** "lunes 14 de diciembre de 2026, 09:00–11:00" / "Monday, December 14, 2026, 09:00–11:00". */
export function humanWhen(start: string, end: string | null | undefined, lang: NoticeLang): string {
  if (!start) return '';
  const d = DateTime.fromSQL(start.length === 10 ? `${start} 00:00:00` : start.slice(0, 19)).setLocale(lang);
  const date = d.toLocaleString(
    lang === 'es' ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } : DateTime.DATE_HUGE,
  );
  if (start.length === 10) return date;
  const to = end ? DateTime.fromSQL(end.slice(0, 19)).toFormat('HH:mm') : '';
  return `${date}, ${d.toFormat('HH:mm')}${to ? `–${to}` : ''}`;
}

export default async function notices(job: JobContext): Promise<JobResult> {
  const zone = await siteZone(job.client);
  const due = await dueNotices(job.client, job.now, zone);
  const customers = new Map<string, z.infer<typeof Customer>>();
  const names = [...new Set(due.map((n) => n.customer).filter(Boolean))];
  for (let i = 0; i < names.length; i += 500)
    for (const c of await job.client.list(
      'Customer',
      {
        fields: ['name', 'customer_name', 'language'],
        filters: [['name', 'in', names.slice(i, i + 500)]],
        orderBy: 'name asc',
        pageSize: 500,
      },
      Customer,
    ))
      customers.set(c.name, c);
  const items: Record<string, unknown>[] = [];
  for (const n of due) {
    const c = customers.get(n.customer);
    if (!c) continue;
    const { mail, text, ...rest } = n;
    if (!mail) {
      items.push({ ...rest, subject: (text ?? '').slice(0, 140), message: text ?? '' });
      continue;
    }
    const lang = noticeLang(c.language);
    const m = await noticeMail(mail.kind, lang, {
      customer: c.customer_name ?? c.name,
      equipment: mail.equipment,
      when: humanWhen(mail.when, mail.end, lang),
      place: mail.place || (lang === 'es' ? 'sus instalaciones' : 'your premises'),
      reference: n.support_case ?? '',
      reason: mail.reason,
    });
    items.push({ ...rest, subject: m.subject, html: m.html, message: m.message });
  }
  let sent = 0;
  let skipped = 0;
  for (let i = 0; i < items.length; i += 100) {
    const a = Sent.parse(await job.client.call('postventa.notice.send', { items: items.slice(i, i + 100) }));
    sent += a.sent.length;
    skipped += a.skipped.length;
  }
  return { items: sent, detail: { due: due.length, sent, skipped } };
}
