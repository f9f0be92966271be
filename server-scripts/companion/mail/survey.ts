/**
 * The satisfaction survey e-mail (issue 17), a responsive mjml template in the customer's language: after a case is
 * closed, after a visit, the periodic relationship question, and the one reminder. It carries five faces (1–5) that
 * open the survey page with that score chosen, and a button; the page's link holds a secret only the host knows, so
 * the template says `[[link]]` and `postventa.notice.send` fills it in the mail alone. The values are HTML-escaped
 * into `[[field]]` slots; each layout is compiled once.
 */
import mjml2html from 'mjml';
import type { NoticeLang } from './notices.ts';

export type SurveyKind = 'case' | 'visit' | 'relationship';

export interface SurveyValues {
  customer: string;
  /** The case number, or ''. */
  reference: string;
  /** What the case was about, or ''. */
  subject: string;
  /** Until when the link works, as the customer reads it. */
  expires: string;
}

interface Words {
  subject: string;
  title: string;
  body: string;
  question: string;
  button: string;
  closing: string;
}

const WORDS: Record<NoticeLang, Record<SurveyKind, Words>> = {
  es: {
    case: {
      subject: '¿Cómo lo atendimos? Caso [[reference]]',
      title: '¿Cómo lo atendimos?',
      body: 'Cerramos el caso [[reference]] de [[customer]]: «[[subject]]». Su opinión nos ayuda a mejorar.',
      question: '¿Qué tan satisfecho quedó con la atención?',
      button: 'Responder la encuesta (1 minuto)',
      closing: 'El enlace es personal y vale hasta el [[expires]].',
    },
    visit: {
      subject: '¿Cómo fue la visita técnica?',
      title: '¿Cómo fue la visita técnica?',
      body: 'Nuestro técnico visitó a [[customer]]. Cuéntenos cómo le fue.',
      question: '¿Qué tan satisfecho quedó con la visita?',
      button: 'Responder la encuesta (1 minuto)',
      closing: 'El enlace es personal y vale hasta el [[expires]].',
    },
    relationship: {
      subject: '¿Nos recomendaría?',
      title: '¿Nos recomendaría?',
      body: 'Queremos saber cómo ve [[customer]] nuestro servicio en estos meses.',
      question: 'En general, ¿qué tan satisfecho está con nuestro servicio?',
      button: 'Responder (1 minuto)',
      closing: 'El enlace es personal y vale hasta el [[expires]].',
    },
  },
  en: {
    case: {
      subject: 'How did we do? Case [[reference]]',
      title: 'How did we do?',
      body: 'We closed case [[reference]] for [[customer]]: “[[subject]]”. Your opinion helps us improve.',
      question: 'How satisfied are you with the support you got?',
      button: 'Answer the survey (1 minute)',
      closing: 'The link is personal and works until [[expires]].',
    },
    visit: {
      subject: 'How was the technical visit?',
      title: 'How was the technical visit?',
      body: 'Our technician visited [[customer]]. Tell us how it went.',
      question: 'How satisfied are you with the visit?',
      button: 'Answer the survey (1 minute)',
      closing: 'The link is personal and works until [[expires]].',
    },
    relationship: {
      subject: 'Would you recommend us?',
      title: 'Would you recommend us?',
      body: 'We would like to know how [[customer]] sees our service these months.',
      question: 'Overall, how satisfied are you with our service?',
      button: 'Answer (1 minute)',
      closing: 'The link is personal and works until [[expires]].',
    },
  },
};

const REMINDER: Record<NoticeLang, string> = { es: 'Recordatorio: ', en: 'Reminder: ' };

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const fill = (template: string, v: SurveyValues, escape: (s: string) => string): string =>
  template.replace(/\[\[(\w+)\]\]/g, (m, k: string) => (k in v ? escape(String(v[k as keyof SurveyValues])) : m));

const FACES = ['😞', '🙁', '😐', '🙂', '😀'];
const layouts = new Map<string, string>();

async function layout(kind: SurveyKind, lang: NoticeLang): Promise<string> {
  const id = `${kind}:${lang}`;
  const known = layouts.get(id);
  if (known) return known;
  const w = WORDS[lang][kind];
  const faces = FACES.map(
    (f, i) =>
      `<a href="[[link]]/${i + 1}" style="display:inline-block;width:44px;height:44px;line-height:44px;margin:0 4px;border:1px solid #d4d4d4;border-radius:22px;text-decoration:none;font-size:24px" aria-label="${i + 1}">${f}</a>`,
  ).join('');
  const source = `<mjml lang="${lang}"><mj-head><mj-title>${w.title}</mj-title><mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="15px" line-height="1.5" color="#171717" /></mj-attributes></mj-head>
  <mj-body background-color="#f5f5f5" width="560px"><mj-wrapper background-color="#ffffff" padding="20px 16px" border-radius="8px">
  <mj-section padding="0"><mj-column>
    <mj-text font-size="20px" font-weight="600" padding-bottom="6px">${w.title}</mj-text>
    <mj-text>${w.body}</mj-text>
    <mj-text font-weight="600">${w.question}</mj-text>
    <mj-text align="center">${faces}</mj-text>
    <mj-button href="[[link]]" background-color="#171717" border-radius="6px">${w.button}</mj-button>
    <mj-text color="#404040" font-size="13px">${w.closing}</mj-text>
  </mj-column></mj-section></mj-wrapper></mj-body></mjml>`;
  const out = await mjml2html(source, { validationLevel: 'strict' });
  if (out.errors.length) throw new Error(`survey mail ${id}: ${out.errors.map((e) => e.formattedMessage).join('; ')}`);
  layouts.set(id, out.html);
  return out.html;
}

/**
 * The subject, the HTML body and the WhatsApp text of one survey (`[[link]]` left for the host in both). A
 * reminder says so in the subject.
 */
export async function surveyMail(
  kind: SurveyKind,
  lang: NoticeLang,
  v: SurveyValues,
  reminder = false,
): Promise<{ subject: string; html: string; message: string }> {
  const w = WORDS[lang][kind];
  const plain = (s: string): string => s;
  const subject = (reminder ? REMINDER[lang] : '') + fill(w.subject, v, plain).replace(/ ?«»| ?“”/g, '');
  const message = [w.title, fill(w.body, v, plain), `${w.button}: [[link]]`, fill(w.closing, v, plain)].join('\n');
  return {
    subject: subject.slice(0, 300),
    html: fill(await layout(kind, lang), v, esc),
    message: message.slice(0, 2000),
  };
}
