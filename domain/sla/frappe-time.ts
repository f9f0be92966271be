/**
 * Frappe stores Datetime values as naive wall-clock times in the site's system time zone and serialises them as
 * "YYYY-MM-DD HH:MM:SS[.ffffff]" (docs/host-contract.md). These convert them to and from epoch ms.
 */
import { DateTime } from 'luxon';
import { DomainValidationError } from '../validation-error.ts';

export function parseFrappeDatetime(value: string, systemZone: string, field = 'datetime'): number {
  const d = DateTime.fromSQL(value.trim(), { zone: systemZone });
  if (!d.isValid) {
    throw new DomainValidationError(field, {
      es: `"${value}" no es una fecha y hora válida`,
      en: `"${value}" is not a valid date and time`,
    });
  }
  return d.toMillis();
}

export function formatFrappeDatetime(ms: number, systemZone: string): string {
  return DateTime.fromMillis(ms, { zone: systemZone }).toFormat('yyyy-MM-dd HH:mm:ss');
}
