/**
 * Which level escalations are due for a case (seed 003 "Escalación"): a rule moves a case from one
 * level to the next after N business minutes unresolved at that level (pauses do not count); a technical need for a
 * specialist, or a critical failure reported by several users, escalates at once. Rules chain: an N1 case that sat
 * long enough can be due for N2 and then N3. The result lists each step with its reason; callers apply them.
 */
import type { CompiledCalendar } from '../sla/calendar.ts';
import { FINISHED_STATUSES } from '../case/status.ts';
import { runClock, segmentsOf, type StatusChange } from '../sla/case-clock.ts';
import { MINUTE_MS } from '../sla/business-time.ts';
import type { BilingualMessage } from '../validation-error.ts';

export type SupportLevel = 'N1' | 'N2' | 'N3';
export type EscalationReason = 'unresolved-time' | 'requires-specialist' | 'multiple-users';

export interface EscalationRule {
  fromLevel: SupportLevel;
  toLevel: SupportLevel;
  afterBusinessMinutes: number;
  notifyRole?: string | null;
}

export interface EscalationInput {
  calendar: CompiledCalendar;
  level: SupportLevel;
  /** When the case reached its current level. */
  levelSince: number;
  status: string;
  history: readonly StatusChange[];
  pauseStatuses: ReadonlySet<string>;
  rules: readonly EscalationRule[];
  severity: string;
  requiresSpecialist: boolean;
  affectedUsers: number;
  /** A failure reported by at least this many users with severity S1/S2 is critical (seed 003). */
  multipleUsersThreshold: number;
  now: number;
}

export interface EscalationDue {
  from: SupportLevel;
  to: SupportLevel;
  reason: EscalationReason;
  /** When the step became due (the rule's deadline, or now for immediate criteria). */
  dueAt: number;
  notifyRole: string | null;
  message: BilingualMessage;
}

const NEXT: Record<SupportLevel, SupportLevel | null> = { N1: 'N2', N2: 'N3', N3: null };
const CLOSED: ReadonlySet<string> = new Set(FINISHED_STATUSES);

function hours(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

export function escalationsDue(input: EscalationInput): EscalationDue[] {
  return walkEscalations(input).due;
}

/**
 * When the next time-based escalation will fall due if nothing changes (null: none, or the clock stands still in a
 * pause). The sweep checks the case again then.
 */
export function nextEscalationAt(input: EscalationInput): number | null {
  return walkEscalations(input).nextAt;
}

/** Both answers from one walk of the level clock: the steps due now, and when the next one will be. */
export function walkEscalations(input: EscalationInput): { due: EscalationDue[]; nextAt: number | null } {
  if (CLOSED.has(input.status)) return { due: [], nextAt: null };
  const due: EscalationDue[] = [];
  let level = input.level;
  let since = input.levelSince;

  // The immediate criteria lift a case out of first-level attention once; they do not cascade to N3.
  const immediate = level === 'N1' ? NEXT[level] : null;
  if (immediate && input.requiresSpecialist) {
    due.push({
      from: level,
      to: immediate,
      reason: 'requires-specialist',
      dueAt: input.now,
      notifyRole: null,
      message: {
        es: `Requiere intervención de ${immediate} (problema técnico que excede ${level})`,
        en: `Needs ${immediate} (a technical problem beyond ${level})`,
      },
    });
  } else if (
    immediate &&
    input.affectedUsers >= input.multipleUsersThreshold &&
    (input.severity === 'S1' || input.severity === 'S2')
  ) {
    due.push({
      from: level,
      to: immediate,
      reason: 'multiple-users',
      dueAt: input.now,
      notifyRole: null,
      message: {
        es: `Falla crítica reportada por ${input.affectedUsers} usuarios`,
        en: `Critical failure reported by ${input.affectedUsers} users`,
      },
    });
  }
  if (due.length) {
    level = immediate ?? level;
    since = input.now;
  }

  const history = input.history.filter((h) => h.at >= input.levelSince);
  for (let guard = 0; guard < 3; guard++) {
    const rule = input.rules.find((r) => r.fromLevel === level);
    if (!rule || rule.afterBusinessMinutes <= 0) break;
    // Business time at this level, with pauses standing still: the same clock as the SLA.
    const segments = segmentsOf({
      receivedAt: since,
      history: history.filter((h) => h.at >= since),
      pauseStatuses: input.pauseStatuses,
    });
    const clock = runClock(input.calendar, segments, rule.afterBusinessMinutes * MINUTE_MS, null, input.now);
    if (clock.dueAt === null || clock.dueAt > input.now) return { due, nextAt: clock.dueAt };
    due.push({
      from: level,
      to: rule.toLevel,
      reason: 'unresolved-time',
      dueAt: clock.dueAt,
      notifyRole: rule.notifyRole ?? null,
      message: {
        es: `Sin resolver ${hours(rule.afterBusinessMinutes)} hábiles en ${level}`,
        en: `Unresolved for ${hours(rule.afterBusinessMinutes)} of business time at ${level}`,
      },
    });
    level = rule.toLevel;
    since = clock.dueAt;
  }
  return { due, nextAt: null };
}
