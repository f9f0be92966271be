/**
 * Frappe stores datetimes as naive wall-clock in the site's time zone (docs/host-contract.md). The host page tells us that zone
 * (window.postventa_zone); we turn host datetimes into instants with it, and instants back into host datetimes.
 */
import { DateTime, IANAZone } from 'luxon';

declare global {
  interface Window {
    postventa_zone?: string;
  }
}

/** Zones already checked: a queue of 50 rows asks for the zone hundreds of times, and checking costs. */
const checked = new Map<string, boolean>();
const isZone = (zone: string): boolean => {
  let ok = checked.get(zone);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(zone);
    checked.set(zone, ok);
  }
  return ok;
};
let browserZone: string | null = null;

/**
 * The first time-zone check loads the browser's zone data (tens of milliseconds on a cold page): done while the
 * session request is on the wire, it costs the first screen nothing.
 */
export function warmZones(): void {
  browserZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  isZone(browserZone);
}

/** The zone `postventa.session.boot` reported (a valid IANA zone only). */
export function setSiteZone(zone: string): void {
  if (typeof window !== 'undefined' && isZone(zone)) window.postventa_zone = zone;
}

export function siteZone(): string {
  const z = typeof window === 'undefined' ? undefined : window.postventa_zone;
  if (z && isZone(z)) return z;
  browserZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
  return browserZone;
}

/** `2026-11-23 11:00:00` (site wall-clock) → epoch ms; null when empty or unreadable. */
export function fromSite(value: string | null | undefined): number | null {
  if (!value) return null;
  const d = DateTime.fromSQL(value.slice(0, 19), { zone: siteZone() });
  return d.isValid ? d.toMillis() : null;
}

/** An instant as the host writes datetimes. */
export function toSite(ms: number): string {
  return DateTime.fromMillis(ms, { zone: siteZone() }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** Today's date in the site's zone, as the host writes dates. */
export const siteToday = (): string => toSite(Date.now()).slice(0, 10);
