/**
 * The customer's notices (issue 14) as responsive mjml e-mails and a short text for WhatsApp: preventive
 * maintenance ahead, an appointment confirmed / rescheduled / cancelled, the reminder before a visit. Spanish unless
 * the customer's language is English. Each layout (kind × language) is compiled by mjml once, with `[[field]]`
 * slots; the values are HTML-escaped into the slots, so a customer's text never becomes markup.
 */
import mjml2html from 'mjml';

export type NoticeLang = 'es' | 'en';
export type NoticeKind = 'maintenance' | 'confirmed' | 'rescheduled' | 'cancelled' | 'reminder';

export interface NoticeValues {
  customer: string;
  /** The equipment ("CT-15 · CT-15-CL-0001"), or ''. */
  equipment: string;
  /** When, as the customer reads it ("lunes 14 de diciembre de 2026, 09:00–11:00"). */
  when: string;
  place: string;
  /** The case number the notice belongs to, or ''. */
  reference: string;
  /** Why it changed (reschedule, cancel), or ''. */
  reason: string;
}

interface Words {
  subject: string;
  title: string;
  body: string;
  closing: string;
}

const WORDS: Record<NoticeLang, Record<NoticeKind, Words>> = {
  es: {
    maintenance: {
      subject: 'Mantención preventiva programada: [[when]]',
      title: 'Su mantención preventiva está programada',
      body: 'Según la póliza de [[customer]], visitaremos [[equipment]] el [[when]] en [[place]].',
      closing: 'Si la fecha no le acomoda, responda este correo y la reagendamos. Caso [[reference]].',
    },
    confirmed: {
      subject: 'Visita confirmada: [[when]]',
      title: 'Su visita está confirmada',
      body: 'Nuestro técnico visitará a [[customer]] el [[when]] en [[place]].',
      closing: 'Le recordaremos el día anterior.',
    },
    rescheduled: {
      subject: 'Visita reagendada: [[when]]',
      title: 'Su visita cambió de fecha',
      body: 'La visita a [[customer]] es ahora el [[when]] en [[place]]. Motivo: [[reason]].',
      closing: 'Si la nueva fecha no le acomoda, responda este correo.',
    },
    cancelled: {
      subject: 'Visita cancelada',
      title: 'Su visita fue cancelada',
      body: 'La visita a [[customer]] prevista en [[place]] fue cancelada. Motivo: [[reason]].',
      closing: 'Responda este correo si desea agendar otra fecha.',
    },
    reminder: {
      subject: 'Recordatorio: visita técnica [[when]]',
      title: 'Le recordamos su visita',
      body: 'Nuestro técnico visitará a [[customer]] el [[when]] en [[place]]. [[equipment]]',
      closing: 'Si no podrá recibirnos, responda este correo.',
    },
  },
  en: {
    maintenance: {
      subject: 'Preventive maintenance scheduled: [[when]]',
      title: 'Your preventive maintenance is scheduled',
      body: 'Under the service policy of [[customer]], we will service [[equipment]] on [[when]] at [[place]].',
      closing: 'If the date does not suit you, reply to this e-mail and we will move it. Case [[reference]].',
    },
    confirmed: {
      subject: 'Visit confirmed: [[when]]',
      title: 'Your visit is confirmed',
      body: 'Our technician will visit [[customer]] on [[when]] at [[place]].',
      closing: 'We will remind you the day before.',
    },
    rescheduled: {
      subject: 'Visit rescheduled: [[when]]',
      title: 'Your visit has a new date',
      body: 'The visit to [[customer]] is now on [[when]] at [[place]]. Reason: [[reason]].',
      closing: 'If the new date does not suit you, reply to this e-mail.',
    },
    cancelled: {
      subject: 'Visit cancelled',
      title: 'Your visit was cancelled',
      body: 'The visit to [[customer]] planned at [[place]] was cancelled. Reason: [[reason]].',
      closing: 'Reply to this e-mail if you would like another date.',
    },
    reminder: {
      subject: 'Reminder: technical visit [[when]]',
      title: 'A reminder of your visit',
      body: 'Our technician will visit [[customer]] on [[when]] at [[place]]. [[equipment]]',
      closing: 'If you cannot receive us, reply to this e-mail.',
    },
  },
};

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const fill = (template: string, v: NoticeValues, escape: (s: string) => string): string =>
  template.replace(/\[\[(\w+)\]\]/g, (_m, k: string) => escape(String(v[k as keyof NoticeValues] ?? '')));

const layouts = new Map<string, string>();

async function layout(kind: NoticeKind, lang: NoticeLang): Promise<string> {
  const id = `${kind}:${lang}`;
  const known = layouts.get(id);
  if (known) return known;
  const w = WORDS[lang][kind];
  const source = `<mjml lang="${lang}"><mj-head><mj-title>${w.title}</mj-title><mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="15px" line-height="1.5" color="#171717" /></mj-attributes></mj-head>
  <mj-body background-color="#f5f5f5" width="560px"><mj-wrapper background-color="#ffffff" padding="20px 16px" border-radius="8px">
  <mj-section padding="0"><mj-column>
    <mj-text font-size="20px" font-weight="600" padding-bottom="6px">${w.title}</mj-text>
    <mj-text>${w.body}</mj-text>
    <mj-text color="#404040">${w.closing}</mj-text>
  </mj-column></mj-section></mj-wrapper></mj-body></mjml>`;
  const out = await mjml2html(source, { validationLevel: 'strict' });
  if (out.errors.length) throw new Error(`notice mail ${id}: ${out.errors.map((e) => e.formattedMessage).join('; ')}`);
  layouts.set(id, out.html);
  return out.html;
}

/** The subject, the HTML body and the plain text (WhatsApp and the interaction's summary) of one notice. */
export async function noticeMail(
  kind: NoticeKind,
  lang: NoticeLang,
  v: NoticeValues,
): Promise<{ subject: string; html: string; message: string }> {
  const w = WORDS[lang][kind];
  const plain = (s: string): string => s;
  const message = [w.title, fill(w.body, v, plain), fill(w.closing, v, plain)].join('\n').replace(/ +\./g, '.');
  return { subject: fill(w.subject, v, plain).slice(0, 300), html: fill(await layout(kind, lang), v, esc), message };
}

/** The customer's language as the host keeps it ("en", "en-US", "es-CL", empty): English or Spanish. */
export const noticeLang = (language: string | null | undefined): NoticeLang =>
  (language ?? '').toLowerCase().startsWith('en') ? 'en' : 'es';
