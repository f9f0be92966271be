/** The SLA engine's public surface (see README.md in this folder). */
export { compileCalendar, parseTimeOfDay } from './calendar.ts';
export type {
  CalendarSpec,
  Closure,
  CompiledCalendar,
  DayNote,
  Holiday,
  IsoWeekday,
  WorkingWindow,
} from './calendar.ts';
export {
  addBusinessMinutes,
  addBusinessMs,
  attentionStart,
  businessMinutesBetween,
  businessMsBetween,
  CalendarRangeError,
  isWorkingTime,
  MINUTE_MS,
  nextWorkingMoment,
  workingIntervals,
} from './business-time.ts';
export { computeCaseClock, DEFAULT_PAUSE_STATUSES, RESOLVED_STATUSES } from './case-clock.ts';
export type { CaseClockInput, CaseClockResult, ClockOutcome, SlaStatus, StatusChange } from './case-clock.ts';
export { chooseSlaPolicy, targetFor, urgencyRank, validateTargets } from './targets.ts';
export type { ChosenSla, Priority, Severity, SlaPolicyRules, SlaTargetRow } from './targets.ts';
export { calendarSpecFromDoc, slaRulesFromDoc } from './from-docs.ts';
export { explainDeadline, formatBusinessDuration } from './explain.ts';
export type { DeadlineExplanation, Locale } from './explain.ts';
export { formatFrappeDatetime, parseFrappeDatetime } from './frappe-time.ts';
