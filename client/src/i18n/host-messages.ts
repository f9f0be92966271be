/**
 * What the host says, in the reader's language. A real Frappe translates its messages into the signed-in user's
 * language when it has the text; where it answers in English (the dev host always does, and Frappe has no Spanish for
 * our doctypes' names), the known messages are rewritten here, with the doctype and field named by their Spanish
 * labels (`fixtures/translations/es.json`, loaded only when a message needs it). Postventa's own host scripts answer
 * "texto en español / English text": the reader gets their half.
 */
import { inLanguage } from '@domain/text/bilingual.ts';
import { locale } from './index.ts';

/** Host doctypes Postventa's users meet in messages (Postventa's own come from the translations file). */
const HOST_LABELS: Record<string, string> = {
  Timesheet: 'Hoja de horas',
  Task: 'Tarea',
  Customer: 'Cliente',
  Contact: 'Contacto',
  Item: 'Producto',
  'Serial No': 'Número de serie',
  'Stock Entry': 'Movimiento de stock',
  'Sales Invoice': 'Factura de venta',
  'Payment Entry': 'Pago',
  File: 'Archivo',
  Comment: 'Comentario',
  Communication: 'Comunicación',
  User: 'Usuario',
  Bin: 'Existencias',
  'Email Template': 'Plantilla de correo',
};

let labels: Map<string, string> | null = null;
async function spanishLabels(): Promise<Map<string, string>> {
  if (!labels) {
    const rows = (await import('../../../fixtures/translations/es.json')).default as {
      source_text: string;
      translated_text: string;
    }[];
    labels = new Map([
      ...rows.map((r): [string, string] => [r.source_text, r.translated_text]),
      ...Object.entries(HOST_LABELS),
    ]);
  }
  return labels;
}

type Rule = [RegExp, (m: string[], label: (s: string) => string) => string];
/** Frappe 15's English messages a desk user can meet, as Spanish sentences; `label` translates a doctype or field. */
const RULES: Rule[] = [
  [/^No permission for (.+?)\.?$/, (m, l) => `No tiene permiso sobre ${l(m[1] ?? '')}.`],
  [/^Insufficient Permission for (.+?)\.?$/, (m, l) => `Permiso insuficiente sobre ${l(m[1] ?? '')}.`],
  [/^Not permitted\.?$/, () => 'No permitido.'],
  [
    /^(?:Error: )?Value missing for (.+?): (.+)$/,
    (m, l) => `Falta un dato obligatorio en ${l(m[1] ?? '')}: ${l(m[2] ?? '')}.`,
  ],
  [
    /^(?:Error: )?(.+?) Row #(\d+): Value missing for: (.+)$/,
    (m, l) => `Falta un dato obligatorio en ${l(m[1] ?? '')}, fila ${m[2] ?? ''}: ${l(m[3] ?? '')}.`,
  ],
  [/^(.+?) (\S+) not found\.?$/, (m, l) => `No se encontró ${l(m[1] ?? '')} ${m[2] ?? ''}.`],
  [
    /^Document has been modified after you have opened it/,
    () => 'Alguien cambió este registro después de que usted lo abrió. Recargue la página para ver los cambios.',
  ],
  [/^Cannot edit cancelled document\.?$/, () => 'No se puede editar un documento cancelado.'],
  [/^Cannot link cancelled document: (.+)$/, (m) => `No se puede vincular un documento cancelado: ${m[1] ?? ''}.`],
  [/^Could not find (.+?): (.+)$/, (m, l) => `No se encontró ${l(m[1] ?? '')}: ${m[2] ?? ''}.`],
  [/^Too many requests/i, () => 'Demasiadas solicitudes seguidas. Espere un momento y vuelva a intentarlo.'],
  [/^Session Expired/i, () => 'Su sesión expiró. Vuelva a ingresar.'],
];
/** The host's automatic comments on a case (assignments): Frappe 15's "{0} assigned {1}: {2}", the dev host's own. */
const COMMENT_RULES: Rule[] = [
  [/^(.+?) assigned (?:Support Case \S+ to )?(.+?)(?:: .*)?$/, (m) => `${m[1] ?? ''} asignó el caso a ${m[2] ?? ''}.`],
  [/^Assigned to (.+?)(?:: .*)?$/, (m) => `Asignado a ${m[1] ?? ''}.`],
  [/^(.+?) removed their assignment\.?$/, (m) => `${m[1] ?? ''} dejó la asignación.`],
  [/^(.+?) removed assignment of (.+?)\.?$/, (m) => `${m[1] ?? ''} quitó la asignación de ${m[2] ?? ''}.`],
];

/** Postventa's bilingual "español / English" text cut to the reader's half (domain/text/bilingual.ts). */
export const readerHalf = (text: string, lang: 'es' | 'en' = locale.value): string => inLanguage(text, lang);

/**
 * One host message in the reader's language (English readers get the host's English, or the English half): an
 * error, or the text of an automatic comment.
 */
export async function hostMessage(text: string, kind: 'error' | 'comment' = 'error'): Promise<string> {
  const plain = text.trim();
  const half = readerHalf(plain);
  if (half !== plain || locale.value === 'en') return half;
  for (const [re, make] of kind === 'error' ? RULES : COMMENT_RULES) {
    const m = re.exec(plain);
    if (!m) continue;
    const l = await spanishLabels();
    return make([...m], (s) => l.get(s.trim()) ?? s.trim());
  }
  return plain;
}

export const hostMessages = (texts: string[]): Promise<string[]> => Promise.all(texts.map((x) => hostMessage(x)));
