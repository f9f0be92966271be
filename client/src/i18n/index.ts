/**
 * A small typed i18n (vue-i18n-equivalent for what we use): Spanish first, English second, every string in a catalog;
 * dates, times, money and durations through Intl in the user's region (es-CL, es-MX, es-AR; see `regionFor`).
 * Reactive: switching re-renders.
 */
import { ref, watchEffect } from 'vue';
import { es, type Messages } from './es.ts';
import { en } from './en.ts';
import { fromSite, siteZone } from '../site-time.ts';

export type Locale = 'es' | 'en';
const catalogs: Record<Locale, Messages> = { es, en };
const chosen = typeof localStorage !== 'undefined' ? localStorage.getItem('pv-locale') : null;
export const locale = ref<Locale>(chosen === 'en' ? 'en' : 'es');
/** The Spanish-speaking region whose formats apply (decimal and thousands signs, clock): from the user or company. */
export const region = ref<'es-CL' | 'es-MX' | 'es-AR'>('es-CL');

/** The user's own choice in this browser; it wins over the host's language from then on. */
export function setLocale(l: Locale): void {
  locale.value = l;
  localStorage.setItem('pv-locale', l);
}

// The page says which language it is in (screen readers pick their voice from it).
if (typeof document !== 'undefined')
  watchEffect(() => (document.documentElement.lang = locale.value === 'es' ? region.value : 'en'));

const COUNTRY_REGION: Record<string, (typeof region)['value']> = {
  Chile: 'es-CL',
  Mexico: 'es-MX',
  México: 'es-MX',
  Argentina: 'es-AR',
};

/**
 * The formats of the user's region: their host language when it names one ("es-MX"), else the country of their
 * company (a Mexican company's staff read "1,234.5" and "$1,234.50"), else Chile.
 */
export function regionFor(lang: string, country: string | null | undefined): (typeof region)['value'] {
  const own = /^es-(CL|MX|AR)$/i.exec(lang.trim());
  if (own) return `es-${(own[1] ?? 'CL').toUpperCase()}` as (typeof region)['value'];
  return COUNTRY_REGION[country ?? ''] ?? 'es-CL';
}

/** At sign-in: the host user's language and region, unless this browser already chose a language. */
export function applyHostLanguage(lang: string, country: string | null | undefined): void {
  if (!chosen && lang) locale.value = lang.toLowerCase().startsWith('en') ? 'en' : 'es';
  region.value = regionFor(lang, country);
}

/** Every dotted path to a text of the catalog: `'case.actions.close'`. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** The groups whose entry comes from data (a status, a channel, a weekday): `status.${doc.status}`. */
export const DATA_GROUPS = [
  'status',
  'taskStatus',
  'caseType',
  'channel',
  'event',
  'sla',
  'weekday',
  'queue.views',
  'admin.tabs',
  'views.visibility',
  'billing',
  'invoiceStatus',
  'app',
  'policyStatus',
  'period',
  'basis',
  'slot',
  'appointmentStatus',
  'visitStatus',
  'interactionType',
  'direction',
  'reportStatus',
] as const satisfies readonly GroupPath<Messages>[];

/** Dotted paths to the catalog's groups (objects), for checking DATA_GROUPS. */
type GroupPath<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? never : `${P}${K}` | GroupPath<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
/** A key built from data, as `status.${doc.status}`: the group is checked here, the entry at run time (the key shows). */
export type DataKey = `${(typeof DATA_GROUPS)[number]}.${string}`;

/** `t('case.actions.close')`, with `{name}` placeholders filled from params. A misspelt key is a type error. */
export function t(key: MessageKey | DataKey, params: Record<string, string | number> = {}): string {
  let node: unknown = catalogs[locale.value];
  for (const part of key.split('.'))
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  const text = typeof node === 'string' ? node : key;
  // Numbers read as the locale writes them: "1,5 h", "1.440 min" in Spanish (Chile), "1.5 h" in English.
  const shown = (v: string | number): string => (typeof v === 'number' ? formatNumber(v) : v);
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => (params[k] === undefined ? `{${k}}` : shown(params[k])));
}

const tag = (): string => (locale.value === 'es' ? region.value : 'en-US');

/** Host datetimes (site wall-clock) shown in the site's zone, so everyone reads the same deadline. */
/** Formatters are costly to make and cheap to reuse: one per locale, zone and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(zone: string): Intl.DateTimeFormat {
  const key = `${tag()}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag(), {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      // Chile, Mexico and Argentina read the 24-hour clock ("14:05", not "02:05 p. m.").
      hourCycle: locale.value === 'es' ? 'h23' : 'h12',
      timeZone: zone,
    });
    formatters.set(key, f);
  }
  return f;
}

/** Host datetimes (site wall-clock) shown in the site's zone, so everyone reads the same deadline. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const ms = fromSite(value);
  return ms === null ? value : dateTimeFormat(siteZone()).format(ms);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(`${value.slice(0, 10)}T00:00:00`);
  return Number.isNaN(d.getTime())
    ? value
    : new Intl.DateTimeFormat(tag(), { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

/** A month ("noviembre de 2026") from any date in it. */
export function formatMonth(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(`${value.slice(0, 7)}-01T00:00:00`);
  return Number.isNaN(d.getTime())
    ? value
    : new Intl.DateTimeFormat(tag(), { month: 'long', year: 'numeric' }).format(d);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A number as the region writes it: "1.440,5" in Chile and Argentina, "1,440.5" in Mexico. */
export function formatNumber(n: number, maximumFractionDigits = 2): string {
  const key = `${tag()}|${maximumFractionDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag(), { maximumFractionDigits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

/** The company's currency, as the session reports it; money without a currency of its own is in it. */
export const companyCurrency = ref('CLP');

/** Money in its currency with the currency's own decimals (CLP none, MXN and ARS two), written as the region does. */
export function formatMoney(amount: number, currency = companyCurrency.value): string {
  return new Intl.NumberFormat(tag(), { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(amount);
}

/** "2 h 15 min", "3 d 4 h": a wall-clock countdown. */
export function formatDuration(ms: number): string {
  const m = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${min} min`;
  return `${min} min`;
}
