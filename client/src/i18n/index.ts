/**
 * A small typed i18n (vue-i18n-equivalent for what we use): Spanish first, English second, every string in a catalog;
 * dates, times, money and durations through Intl for es-CL (or the chosen locale). Reactive: switching re-renders.
 */
import { ref } from 'vue';
import { es, type Messages } from './es.ts';
import { en } from './en.ts';
import { fromSite, siteZone } from '../site-time.ts';

export type Locale = 'es' | 'en';
const catalogs: Record<Locale, Messages> = { es, en };
export const locale = ref<Locale>(
  typeof localStorage !== 'undefined' && localStorage.getItem('pv-locale') === 'en' ? 'en' : 'es',
);

export function setLocale(l: Locale): void {
  locale.value = l;
  localStorage.setItem('pv-locale', l);
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
  'billing',
  'app',
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

const tag = (): string => (locale.value === 'es' ? 'es-CL' : 'en-US');

/** Host datetimes (site wall-clock) shown in the site's zone, so everyone reads the same deadline. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const ms = fromSite(value);
  return ms === null
    ? value
    : new Intl.DateTimeFormat(tag(), {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        // Chile, Mexico and Argentina read the 24-hour clock ("14:05", not "02:05 p. m.").
        hourCycle: locale.value === 'es' ? 'h23' : 'h12',
        timeZone: siteZone(),
      }).format(ms);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(`${value.slice(0, 10)}T00:00:00`);
  return Number.isNaN(d.getTime())
    ? value
    : new Intl.DateTimeFormat(tag(), { day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

/** A number as the locale writes it: decimal comma and dot thousands in Spanish (Chile). */
export function formatNumber(n: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(tag(), { maximumFractionDigits }).format(n);
}

export function formatMoney(amount: number, currency = 'CLP'): string {
  return new Intl.NumberFormat(tag(), {
    style: 'currency',
    currency,
    maximumFractionDigits: currency === 'CLP' ? 0 : 2,
  }).format(amount);
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
