/**
 * Frappe stores datetimes as naive wall-clock in the site's time zone (docs/host-contract.md). The host page tells us that zone
 * (window.postventa_zone); we turn host datetimes into instants with it, and instants back into host datetimes.
 */
import { DateTime } from 'luxon';

declare global {
  interface Window {
    postventa_zone?: string;
  }
}

/** The zone `postventa.session.boot` reported (a valid IANA zone only). */
export function setSiteZone(zone: string): void {
  if (typeof window !== 'undefined' && DateTime.now().setZone(zone).isValid) window.postventa_zone = zone;
}

export function siteZone(): string {
  const z = typeof window === 'undefined' ? undefined : window.postventa_zone;
  return z && DateTime.now().setZone(z).isValid ? z : Intl.DateTimeFormat().resolvedOptions().timeZone;
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
