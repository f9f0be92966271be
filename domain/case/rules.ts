/**
 * Support Case rules that were scattered across the desk and the companion: which service policy a case falls
 * under and whether it shows the VIP / Contract badge, the case type suggested by a serial's warranty, whether
 * logged time is billable, and the priority a Development Task gets. Pure: dates and policies are arguments.
 */
import type { SupportCase } from '../../generated/doctypes/index.ts';

export interface PolicyRef {
  name: string;
  status: string;
  /** The policy's own VIP flag (from its plan, or set on it). */
  vip?: boolean;
}

/**
 * The policy a case is under: the one it names, else — when its customer has exactly one Active policy — that one
 * (so the SLA, the badge and the allowance follow without anyone linking it by hand); otherwise none.
 */
export function policyForCase<P extends PolicyRef>(
  linked: string | null | undefined,
  byName: ReadonlyMap<string, P>,
  customerPolicies: readonly P[],
): P | null {
  if (linked) return byName.get(linked) ?? null;
  const active = customerPolicies.filter((p) => p.status === 'Active');
  return active.length === 1 ? (active[0] ?? null) : null;
}

/**
 * The VIP badge (seed 000, phase 4): a case under an Active policy that is itself VIP. Any other case under a policy
 * shows only the contract badge (the desk reads `service_policy`).
 */
export function showsContractBadge(policy: PolicyRef | null): boolean {
  return policy?.status === 'Active' && policy.vip === true;
}

/** A serial still under warranty: the desk suggests a Warranty case (ISO dates compare as text). */
export function underWarranty(warrantyExpiry: string | null | undefined, today: string): boolean {
  return !!warrantyExpiry && warrantyExpiry.slice(0, 10) >= today.slice(0, 10);
}

/** Time on a Billable case is billable; warranty and courtesy time is recorded as cost only. */
export function isBillableTime(caseType: SupportCase['case_type']): boolean {
  return caseType === 'Billable';
}

/** ERPNext Task priority for a Development escalation. */
export function taskPriority(priority: SupportCase['priority']): 'Urgent' | 'High' | 'Medium' {
  return priority === 'P1' ? 'Urgent' : priority === 'P2' ? 'High' : 'Medium';
}

/**
 * Who an SLA alert goes to: the assignee and their team's supervisor; a case nobody owns yet goes to its team's
 * supervisor, and one with no team either to every team supervisor (the owners of the queue), so no alert is
 * addressed to no one.
 */
export function alertRecipients(
  assignee: string | null | undefined,
  team: string | null | undefined,
  supervisors: ReadonlyMap<string, string>,
): string[] {
  const teamLead = team ? supervisors.get(team) : undefined;
  const found = [assignee, teamLead].filter((x): x is string => !!x);
  if (!found.length && !team) found.push(...supervisors.values());
  return [...new Set(found)];
}
