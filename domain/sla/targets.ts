/**
 * Which SLA applies to a case and which targets it sets: the case's service policy's SLA when the
 * policy is Active, otherwise the default from Postventa Settings; targets by priority × severity.
 */
import { DomainValidationError } from '../validation-error.ts';

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type Severity = 'S1' | 'S2' | 'S3' | 'S4';

export interface SlaTargetRow {
  priority: Priority;
  severity: Severity;
  responseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaPolicyRules {
  name: string;
  enabled: boolean;
  calendar: string;
  warningPercent: number;
  trackResolution: boolean;
  pauseStatuses: readonly string[];
  targets: readonly SlaTargetRow[];
}

export interface ChosenSla {
  policy: SlaPolicyRules;
  source: 'service-policy' | 'default';
}

/** The SLA in force: an active service policy's own SLA wins over the default; disabled SLAs never apply. */
export function chooseSlaPolicy(
  servicePolicy: { status: string; slaPolicy: string | null } | null,
  defaultSla: string | null,
  policies: ReadonlyMap<string, SlaPolicyRules>,
): ChosenSla | null {
  const own =
    servicePolicy?.status === 'Active' && servicePolicy.slaPolicy ? policies.get(servicePolicy.slaPolicy) : undefined;
  if (own?.enabled) return { policy: own, source: 'service-policy' };
  const fallback = defaultSla ? policies.get(defaultSla) : undefined;
  return fallback?.enabled ? { policy: fallback, source: 'default' } : null;
}

/** The target row for priority × severity; a missing cell is a configuration error named for the admin. */
export function targetFor(policy: SlaPolicyRules, priority: Priority, severity: Severity): SlaTargetRow {
  const row = policy.targets.find((t) => t.priority === priority && t.severity === severity);
  if (!row) {
    throw new DomainValidationError('targets', {
      es: `la política de SLA "${policy.name}" no tiene objetivo para ${priority}/${severity}`,
      en: `SLA policy "${policy.name}" has no target for ${priority}/${severity}`,
    });
  }
  return row;
}

/** P1/S1 is immediate attention (seed 002 §5): the combination ranks first in every queue. */
export function urgencyRank(priority: Priority, severity: Severity): number {
  return (Number(priority[1]) - 1) * 4 + (Number(severity[1]) - 1);
}

/** Checks a policy's target matrix: every cell once, positive minutes, resolution not before response. */
export function validateTargets(policy: Pick<SlaPolicyRules, 'name' | 'targets' | 'warningPercent'>): void {
  const seen = new Set<string>();
  policy.targets.forEach((t, i) => {
    const key = `${t.priority}/${t.severity}`;
    if (seen.has(key))
      throw new DomainValidationError(`targets[${i}]`, { es: `${key} aparece dos veces`, en: `${key} appears twice` });
    seen.add(key);
    if (
      !(t.responseMinutes > 0) ||
      !(t.resolutionMinutes > 0) ||
      !Number.isInteger(t.responseMinutes) ||
      !Number.isInteger(t.resolutionMinutes)
    ) {
      throw new DomainValidationError(`targets[${i}]`, {
        es: `los minutos de ${key} deben ser enteros positivos`,
        en: `minutes for ${key} must be positive whole numbers`,
      });
    }
    if (t.resolutionMinutes < t.responseMinutes) {
      throw new DomainValidationError(`targets[${i}].resolution_minutes`, {
        es: `la resolución de ${key} no puede ser menor que la respuesta`,
        en: `resolution for ${key} cannot be shorter than response`,
      });
    }
  });
  if (!(policy.warningPercent > 0 && policy.warningPercent < 100)) {
    throw new DomainValidationError('warning_percent', {
      es: 'el porcentaje de alerta debe estar entre 1 y 99',
      en: 'the warning percent must be between 1 and 99',
    });
  }
}
