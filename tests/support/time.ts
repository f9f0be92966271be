import { DateTime } from 'luxon';

/** Epoch ms of a local wall-clock time "YYYY-MM-DD HH:mm" in a zone. */
export function local(zone: string, text: string): number {
  const d = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone });
  if (!d.isValid) throw new Error(`bad test time ${text}`);
  return d.toMillis();
}

/** "YYYY-MM-DD HH:mm" of an instant in a zone. */
export function show(zone: string, ms: number | null): string {
  return ms === null ? 'null' : DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
}
