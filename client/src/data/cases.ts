/**
 * Support Case data for the desk: a case and the actions an agent takes on it (the queue is `queue.ts`, the timeline
 * `timeline.ts`). Types come from the generated doctypes.
 */
import { isBillableTime, taskPriority } from '@domain/case/rules.ts';
import { formatNumber } from '@/i18n/index.ts';
import type { SupportCase, SupportCaseEvent } from '../../../generated/doctypes/index.ts';
import { list, method, request, resource, upload, type Filter } from './api.ts';
import { escapeHtml, safeHtml } from '../safe-html.ts';
import { currentName, currentUser } from './session.ts';

export const getCase = (name: string, quiet = false): Promise<SupportCase> =>
  request<SupportCase>('GET', resource('Support Case', name), { quiet });
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

export interface ReplyAddress {
  to: string;
  cc?: string;
  bcc?: string;
  /** Files already attached to the case, sent with the mail. */
  attachments?: string[];
  subject?: string;
}

/** A reply to the customer, stored on the case and e-mailed when the site can send mail (host script). */
export function reply(c: SupportCase, content: string, address?: ReplyAddress): Promise<ReplyResult> {
  return request<ReplyResult>('POST', method('postventa.case.reply'), {
    body: {
      case: c.name,
      subject: address?.subject || `Re: ${c.subject ?? ''} (#${c.name})`,
      content,
      recipients: address ? address.to : (c.raised_by ?? ''),
      cc: address?.cc ?? '',
      bcc: address?.bcc ?? '',
      attachments: address?.attachments ?? [],
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
          billing_hours: isBillableTime(c.case_type) ? hours : 0,
          is_billable: isBillableTime(c.case_type) ? 1 : 0,
          description,
          support_case: c.name,
          // Hours are billed and costed at the level the case had when they were worked.
          support_level: c.support_level ?? 'N1',
        },
      ],
    },
  });
  // The case's hours_logged is derived on the host from the Timesheet rows (server-scripts/host/timesheet_case_hours.py).
  await recordEvent(c.name, {
    event_type: 'Time Logged',
    to_value: `${formatNumber(hours)} h`,
    reason: description,
    actor,
  });
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
      priority: taskPriority(c.priority),
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
  (
    await request<{ token: string }>('POST', method('postventa.case.confirmation_link'), {
      body: { case: caseName },
      quiet: true, // only support staff may read it: the page shows no link to anyone else, and says nothing
    })
  ).token;

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
