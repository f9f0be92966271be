/**
 * Support Case data for the desk: the queue (one list request, one grouped count, one team lookup: the first screen
 * in 3 requests), a case with its context, and the actions an agent takes. Types come from the generated doctypes.
 */
import type { SupportCase, SupportCaseEvent } from '../../../generated/doctypes/index.ts';
import { list, method, request, resource, upload, type Filter } from './api.ts';
import { escapeHtml, safeHtml } from '../safe-html.ts';
import { currentName, currentUser } from './session.ts';

export type QueueView = 'mine' | 'team' | 'unassigned' | 'atRisk' | 'breached' | 'open';
import { OPEN_STATUSES } from '../../../domain/case/status.ts';

export { OPEN_STATUSES };
export const QUEUE_FIELDS = [
  'name',
  'subject',
  'customer',
  'caller_name',
  'status',
  'priority',
  'severity',
  'support_level',
  'assigned_to',
  'team',
  'sla_status',
  'response_by',
  'resolution_by',
  'first_responded_on',
  'is_vip',
  'service_policy',
  'received_on',
] as const;
export type QueueRow = Pick<SupportCase, (typeof QUEUE_FIELDS)[number]>;

export interface QueueFilters {
  priority?: string;
  severity?: string;
  level?: string;
  status?: string;
  /** Group filters (seed 002: by customer, product, module); customer and product match by prefix. */
  customer?: string;
  product?: string;
  module?: string;
  /** Only cases under an active service policy (VIP / Contract). */
  contractOnly?: boolean;
  search?: string;
}

export function viewFilters(view: QueueView, user: string, teams: string[]): Filter[] {
  const open: Filter = ['status', 'in', [...OPEN_STATUSES]];
  switch (view) {
    case 'mine':
      return [open, ['assigned_to', '=', user]];
    case 'team':
      return [open, ['team', 'in', teams.length ? teams : ['—']]];
    case 'unassigned':
      return [open, ['assigned_to', 'is', 'not set']];
    case 'atRisk':
      return [open, ['sla_status', '=', 'At Risk']];
    case 'breached':
      return [open, ['sla_status', '=', 'Breached']];
    default:
      return [open];
  }
}

export function queue(
  view: QueueView,
  user: string,
  teams: string[],
  f: QueueFilters,
  start = 0,
  pageSize = 50,
): Promise<QueueRow[]> {
  const filters = viewFilters(view, user, teams);
  if (f.priority) filters.push(['priority', '=', f.priority]);
  if (f.severity) filters.push(['severity', '=', f.severity]);
  if (f.level) filters.push(['support_level', '=', f.level]);
  if (f.status) filters.push(['status', '=', f.status]);
  if (f.customer) filters.push(['customer', 'like', `${f.customer}%`]);
  if (f.product) filters.push(['product', 'like', `${f.product}%`]);
  if (f.module) filters.push(['module', 'like', `%${f.module}%`]);
  if (f.contractOnly) filters.push(['is_vip', '=', 1]);
  const search = f.search?.trim();
  const orFilters: Filter[] | undefined = search
    ? [
        ['subject', 'like', `%${search}%`],
        ['customer', 'like', `%${search}%`],
        ['name', 'like', `%${search}%`],
      ]
    : undefined;
  // Most urgent first: the nearest resolution deadline, then the nearest response deadline.
  return list<QueueRow>('Support Case', {
    fields: [...QUEUE_FIELDS],
    filters,
    ...(orFilters ? { orFilters } : {}),
    orderBy: 'resolution_by asc, response_by asc, received_on asc',
    limit: pageSize,
    start,
  });
}

export interface QueueCounts {
  mine: number;
  team: number;
  unassigned: number;
  atRisk: number;
  breached: number;
  open: number;
}

/** Every view's count from one grouped query over open cases. */
export async function queueCounts(user: string, teams: string[]): Promise<QueueCounts> {
  const rows = await list<{ assigned_to: string | null; team: string | null; sla_status: string | null; n: number }>(
    'Support Case',
    {
      fields: ['assigned_to', 'team', 'sla_status', 'count(name) as n'],
      filters: [['status', 'in', [...OPEN_STATUSES]]],
      groupBy: 'assigned_to, team, sla_status',
      orderBy: 'n desc',
      limit: 0,
    },
  );
  const c: QueueCounts = { mine: 0, team: 0, unassigned: 0, atRisk: 0, breached: 0, open: 0 };
  for (const r of rows) {
    c.open += r.n;
    if (r.assigned_to === user) c.mine += r.n;
    if (!r.assigned_to) c.unassigned += r.n;
    if (r.team && teams.includes(r.team)) c.team += r.n;
    if (r.sla_status === 'At Risk') c.atRisk += r.n;
    if (r.sla_status === 'Breached') c.breached += r.n;
  }
  return c;
}

export async function myTeams(user: string): Promise<string[]> {
  const rows = await list<{ parent: string }>('Support Team Member', {
    fields: ['parent'],
    filters: [['user', '=', user]],
    orderBy: 'parent asc',
    limit: 0,
    parent: 'Support Team',
  }).catch(() => []);
  return rows.map((r) => r.parent);
}

export const getCase = (name: string): Promise<SupportCase> =>
  request<SupportCase>('GET', resource('Support Case', name));
export const updateCase = (name: string, patch: Partial<SupportCase>): Promise<SupportCase> =>
  request<SupportCase>('PUT', resource('Support Case', name), { body: patch });
export const createCase = (doc: Partial<SupportCase>): Promise<SupportCase> =>
  request<SupportCase>('POST', resource('Support Case'), { body: doc });

export async function assign(name: string, user: string): Promise<SupportCase> {
  await request('POST', method('frappe.desk.form.assign_to.add'), {
    body: { doctype: 'Support Case', name, assign_to: [user] },
  });
  return updateCase(name, { assigned_to: user });
}

/** Records a timeline entry (level change reasons, resolutions) with the actor. */
export function recordEvent(caseName: string, event: Partial<SupportCaseEvent>): Promise<SupportCaseEvent> {
  return request<SupportCaseEvent>('POST', resource('Support Case Event'), {
    body: { support_case: caseName, ...event },
  });
}

export async function changeLevel(
  c: SupportCase,
  level: 'N1' | 'N2' | 'N3',
  reason: string,
  actor: string,
): Promise<SupportCase> {
  const updated = await updateCase(c.name, { support_level: level });
  await recordEvent(c.name, {
    event_type: 'Level Change',
    from_value: c.support_level ?? '',
    to_value: level,
    reason,
    actor,
  });
  return updated;
}

/** An internal note: Frappe 15.75's add_comment needs the author's e-mail and name (500 TypeError without them). */
export function addNote(caseName: string, content: string): Promise<unknown> {
  return request('POST', method('frappe.desk.form.utils.add_comment'), {
    body: {
      reference_doctype: 'Support Case',
      reference_name: caseName,
      content,
      comment_email: currentUser.value ?? '',
      comment_by: currentName.value || (currentUser.value ?? ''),
    },
  });
}

export interface ReplyResult {
  communication: string;
  /** False when the site has no outgoing Email Account: the reply is stored on the case but nobody was e-mailed. */
  sent: boolean;
  mail_configured: boolean;
}

/** A reply to the customer, stored on the case and e-mailed when the site can send mail (host script). */
export function reply(c: SupportCase, content: string): Promise<ReplyResult> {
  return request<ReplyResult>('POST', method('postventa.case.reply'), {
    body: {
      case: c.name,
      subject: `Re: ${c.subject ?? ''} (#${c.name})`,
      content,
      recipients: c.raised_by ?? '',
    },
  });
}

/** Time goes to ERPNext as a Timesheet row linked to the case (seed 000 phase 4: hours before closing). */
export async function logTime(
  c: SupportCase,
  hours: number,
  activity: string,
  description: string,
  fromTime: string,
  actor: string,
): Promise<void> {
  await request('POST', resource('Timesheet'), {
    body: {
      customer: c.customer ?? null,
      time_logs: [
        {
          activity_type: activity,
          from_time: fromTime,
          hours,
          billing_hours: c.case_type === 'Billable' ? hours : 0,
          is_billable: c.case_type === 'Billable' ? 1 : 0,
          description,
          support_case: c.name,
        },
      ],
    },
  });
  // The case's hours_logged is derived on the host from the Timesheet rows (server-scripts/host/timesheet_case_hours.py).
  await recordEvent(c.name, { event_type: 'Time Logged', to_value: `${hours} h`, reason: description, actor });
}

/** Derivation to Development (seed 002 §2): an ERPNext Task with the case's context, linked both ways. */
export async function escalateToDevelopment(c: SupportCase, actor: string): Promise<SupportCase> {
  // Plain fields are escaped; symptom and diagnosis are the host's Text Editor HTML, re-sanitised.
  const e = (v: string | null | undefined): string => escapeHtml(v ?? '—');
  const description = `<p><b>${e(c.name)}</b> · ${e(c.customer ?? c.caller_name)}</p>${safeHtml(c.symptom)}${c.diagnosis ? `<p><b>Diagnóstico:</b></p>${safeHtml(c.diagnosis)}` : ''}<p>Producto: ${e(c.product)} · Módulo: ${e(c.module)} · Versión: ${e(c.software_version)}</p>`;
  const task = await request<{ name: string; status: string }>('POST', resource('Task'), {
    body: {
      subject: `[${c.name}] ${c.subject ?? ''}`.slice(0, 140),
      description,
      priority: c.priority === 'P1' ? 'Urgent' : c.priority === 'P2' ? 'High' : 'Medium',
      support_case: c.name,
    },
  });
  const updated = await updateCase(c.name, {
    status: 'Escalated to Development',
    dev_task: task.name,
    dev_task_status: task.status,
  });
  await recordEvent(c.name, {
    event_type: 'Escalated to Development',
    from_value: c.status ?? '',
    to_value: task.name,
    actor,
    reference_doctype: 'Task',
    reference_name: task.name,
  });
  return updated;
}

export interface TimelineItem {
  at: string;
  kind: 'event' | 'comment' | 'message';
  /** An event type or comment type (translated by the page), or a message's subject. */
  title: string;
  from?: string;
  to?: string;
  /** Business seconds the case spent in the previous state (status and level changes, seed 002 §4). */
  spentSeconds?: number;
  body?: string;
  actor?: string;
}

interface TimelineComment {
  creation: string;
  content: string;
  comment_email: string | null;
  comment_by: string | null;
  comment_type: string;
}
interface TimelineMessage {
  communication_date: string;
  subject: string;
  content: string;
  sender: string | null;
  sent_or_received: string;
}

/** Events, internal notes and messages in one list, newest first (2 requests). */
export async function timeline(caseName: string): Promise<TimelineItem[]> {
  const [events, { comments, communications: messages }] = await Promise.all([
    list<{
      at: string;
      event_type: string;
      from_value: string | null;
      to_value: string | null;
      reason: string | null;
      actor: string | null;
      business_seconds_in_previous: number | null;
    }>('Support Case Event', {
      fields: ['at', 'event_type', 'from_value', 'to_value', 'reason', 'actor', 'business_seconds_in_previous'],
      filters: [['support_case', '=', caseName]],
      orderBy: 'at desc',
      limit: 100,
    }),
    // Comment and Communication are not listable by support roles on a real site: one host script reads both.
    request<{ comments: TimelineComment[]; communications: TimelineMessage[] }>(
      'GET',
      method('postventa.case.timeline'),
      { query: { case: caseName } },
    ),
  ]);
  const items: TimelineItem[] = [
    ...events.map((e): TimelineItem => ({
      at: e.at,
      kind: 'event',
      title: e.event_type,
      ...(e.from_value ? { from: e.from_value } : {}),
      ...(e.to_value ? { to: e.to_value } : {}),
      ...(e.reason ? { body: e.reason } : {}),
      ...(e.actor ? { actor: e.actor } : {}),
      // Only status changes carry it (an Int reads back 0 when unset); 0 is real: the time fell outside hours.
      ...(e.event_type === 'Status Change' ? { spentSeconds: Number(e.business_seconds_in_previous ?? 0) } : {}),
    })),
    ...comments.map((c): TimelineItem => ({
      at: c.creation,
      kind: 'comment',
      title: c.comment_type,
      body: c.content,
      ...(c.comment_by || c.comment_email ? { actor: c.comment_by || c.comment_email || '' } : {}),
    })),
    ...messages.map((m): TimelineItem => ({
      at: m.communication_date,
      kind: 'message',
      title: m.subject,
      body: m.content,
      ...(m.sender ? { actor: m.sender } : {}),
    })),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at));
}

/** Stock on hand for a supply (ERPNext Bin), across warehouses unless one is given. */
export async function stockOf(item: string, warehouse: string | null): Promise<number> {
  const bins = await list<{ actual_qty: number }>('Bin', {
    fields: ['actual_qty'],
    filters: [['item_code', '=', item], ...(warehouse ? [['warehouse', '=', warehouse] as Filter] : [])],
    orderBy: 'warehouse asc',
    limit: 0,
  }).catch(() => []);
  return bins.reduce((s, b) => s + Number(b.actual_qty ?? 0), 0);
}

/** Who a case can go to: every team and its members (Support Team Member rows, readable by agents). */
export async function assignees(): Promise<{ team: string; user: string }[]> {
  const rows = await list<{ parent: string; user: string }>('Support Team Member', {
    fields: ['parent', 'user'],
    orderBy: 'parent asc, idx asc',
    limit: 0,
    parent: 'Support Team',
  });
  return rows.map((r) => ({ team: r.parent, user: r.user }));
}

/** Hands the case to a team and, optionally, one of its people (host ToDo through assign_to). */
export async function assignTo(c: SupportCase, team: string, user: string | null): Promise<SupportCase> {
  if (user && user !== c.assigned_to)
    await request('POST', method('frappe.desk.form.assign_to.add'), {
      body: { doctype: 'Support Case', name: c.name, assign_to: [user] },
    });
  return updateCase(c.name, { team, ...(user ? { assigned_to: user } : {}) });
}

/** On closing (seed 003): the diagnosis and solution become a draft KB Article linked to the case. */
export async function createKbArticle(c: SupportCase, author: string): Promise<string> {
  const kb = await request<{ name: string }>('POST', resource('KB Article'), {
    body: {
      title: c.subject ?? c.name,
      status: 'Draft',
      visibility: 'Internal',
      product: c.product ?? null,
      module: c.module ?? null,
      symptom: c.symptom ?? '',
      solution: [c.diagnosis, c.solution].filter(Boolean).join('') || '—',
      source_case: c.name,
      author,
    },
  });
  await updateCase(c.name, { kb_article: kb.name });
  return kb.name;
}

/** The customer's link to confirm (or reject) a resolution: a guest page calling the host's postventa.case.confirm. */
export const confirmLink = (caseName: string, token: string): string =>
  `${window.location.origin}/postventa#/confirm/${encodeURIComponent(caseName)}/${encodeURIComponent(token)}`;

/**
 * The secret of a resolved case's confirmation link. The host makes it when the case becomes Resolved (the
 * "Postventa - Token de confirmación" script) and keeps it encrypted; staff read it through this API. Empty once
 * the customer confirmed or the case left Resolved.
 */
export const confirmationToken = async (caseName: string): Promise<string> =>
  (await request<{ token: string }>('POST', method('postventa.case.confirmation_link'), { body: { case: caseName } }))
    .token;

/**
 * Resolving (seed 003 "Pasos para Cerrar un Caso"): one host call (`postventa.case.resolve`) saves the solution with
 * status Resolved, makes the confirmation secret and, when the case has an e-mail, sends the customer the solution
 * with the link (`[[link]]` in the message) — all or nothing. The companion records the status change from the
 * webhook.
 */
export const resolveCase = (
  c: SupportCase,
  fields: { solution: string; diagnosis: string },
  message: (link: string) => string,
): Promise<{ case: string; status: string; token: string; communication: string | null; sent: boolean }> =>
  request('POST', method('postventa.case.resolve'), {
    body: { case: c.name, ...fields, message: message('[[link]]') },
  });

/** Guest: the customer answers from the link. */
export const confirmResolution = (
  caseName: string,
  token: string,
  solved: boolean,
  comment: string,
): Promise<{ ok: boolean; case: string; status: string }> =>
  request('POST', method('postventa.case.confirm'), {
    body: { case: caseName, token, solved: solved ? 1 : 0, comment },
  });

export interface Attachment {
  name: string;
  file_name: string;
  file_url: string;
  file_size: number | null;
  is_private: number;
}

export const attachments = (caseName: string): Promise<Attachment[]> =>
  list<Attachment>('File', {
    fields: ['name', 'file_name', 'file_url', 'file_size', 'is_private'],
    filters: [
      ['attached_to_doctype', '=', 'Support Case'],
      ['attached_to_name', '=', caseName],
    ],
    orderBy: 'creation desc',
    limit: 50,
  });

/** Photos, logs, documents: private Files attached to the case (customers see them only through the portal). */
export function attach(caseName: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.set('file', file, file.name);
  form.set('is_private', '1');
  form.set('doctype', 'Support Case');
  form.set('docname', caseName);
  return upload<Attachment>(form);
}
