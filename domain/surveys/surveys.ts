/**
 * Survey rules that need no host (issue 17): which closed cases fall in the settings' sample, the relationship
 * survey's period, and when an answer is a detractor's.
 */

/** FNV-1a, 32 bits: the same key gives the same number on every replica and every run. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Whether the case (or visit) keyed `key` is in a `percent` % sample. Fixed per key, so a case left out stays out
 * and two replicas agree; over many keys the share approaches the percent.
 */
export function inSample(key: string, percent: number): boolean {
  if (!(percent > 0)) return false;
  if (percent >= 100) return true;
  return hash(key) % 10000 < Math.round(percent * 100);
}

/**
 * The relationship survey's period for a date (YYYY-MM-DD) when it runs every `months` months: "2026-P2" is the
 * second `months`-long stretch of 2026 (with 6, July–December). Months that do not divide 12 are counted from
 * January of year 0, so periods never overlap. Null when the survey is off.
 */
export function relationshipPeriod(isoDate: string, months: number): string | null {
  if (!Number.isInteger(months) || months <= 0) return null;
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  if (!Number.isFinite(year) || month < 1 || month > 12) return null;
  if (12 % months === 0) return `${year}-P${Math.floor((month - 1) / months) + 1}`;
  return `M${Math.floor((year * 12 + month - 1) / months)}`;
}

/** NPS 0–6 or CSAT 1–2: the customer is unhappy, and someone should call them. */
export function isDetractor(a: { csat?: number | null; nps?: number | null }): boolean {
  return (
    (a.nps !== null && a.nps !== undefined && a.nps <= 6) || (a.csat !== null && a.csat !== undefined && a.csat <= 2)
  );
}
