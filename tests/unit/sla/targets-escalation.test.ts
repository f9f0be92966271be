import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../domain/sla/calendar.ts';
import { DEFAULT_PAUSE_STATUSES } from '../../../domain/sla/case-clock.ts';
import {
  chooseSlaPolicy,
  targetFor,
  urgencyRank,
  validateTargets,
  type SlaPolicyRules,
} from '../../../domain/sla/targets.ts';
import { calendarSpecFromDoc, slaRulesFromDoc } from '../../../domain/sla/from-docs.ts';
import { explainDeadline, formatBusinessDuration } from '../../../domain/sla/explain.ts';
import { addBusinessMinutes } from '../../../domain/sla/business-time.ts';
import { escalationsDue, type EscalationInput } from '../../../domain/escalation/escalation.ts';
import { formatFrappeDatetime, parseFrappeDatetime } from '../../../domain/sla/frappe-time.ts';
import { DomainValidationError } from '../../../domain/validation-error.ts';
import { SLAPolicySchema, SupportCalendarSchema } from '../../../generated/doctypes/index.ts';
import calendars from '../../../fixtures/records/support_calendar.json' with { type: 'json' };
import slaPolicies from '../../../fixtures/records/sla_policy.json' with { type: 'json' };
import { local, show } from '../../support/time.ts';
import { seed003 } from './fixtures.ts';

const Z = 'America/Santiago';
const estandar = slaRulesFromDoc(SLAPolicySchema.parse(slaPolicies[0]));

describe('SLA targets', () => {
  it('the shipped SLA has a target for all 16 priority × severity cells, P1/S1 the fastest', () => {
    validateTargets(estandar);
    expect(estandar.targets).toHaveLength(16);
    const p1s1 = targetFor(estandar, 'P1', 'S1');
    expect(Math.min(...estandar.targets.map((x) => x.responseMinutes))).toBe(p1s1.responseMinutes);
    expect(urgencyRank('P1', 'S1')).toBe(0);
    expect(urgencyRank('P4', 'S4')).toBe(15);
    expect(estandar.pauseStatuses).toEqual(['Waiting on Customer']);
  });

  it('the active service policy’s SLA wins; otherwise the default; disabled ones never apply', () => {
    const vip: SlaPolicyRules = { ...estandar, name: 'SLA VIP' };
    const off: SlaPolicyRules = { ...estandar, name: 'SLA Off', enabled: false };
    const all = new Map([estandar, vip, off].map((p) => [p.name, p]));
    expect(chooseSlaPolicy({ status: 'Active', slaPolicy: 'SLA VIP' }, 'SLA Estándar', all)).toMatchObject({
      source: 'service-policy',
      policy: { name: 'SLA VIP' },
    });
    expect(chooseSlaPolicy({ status: 'Suspended', slaPolicy: 'SLA VIP' }, 'SLA Estándar', all)?.source).toBe('default');
    expect(chooseSlaPolicy({ status: 'Active', slaPolicy: 'SLA Off' }, 'SLA Estándar', all)?.policy.name).toBe(
      'SLA Estándar',
    );
    expect(chooseSlaPolicy(null, null, all)).toBeNull();
  });

  it('a missing cell or a bad matrix is a named, bilingual error', () => {
    const partial = { ...estandar, targets: estandar.targets.slice(1) };
    expect(() => targetFor(partial, 'P1', 'S1')).toThrow(/no tiene objetivo para P1\/S1.*has no target/);
    expect(() => validateTargets({ ...estandar, targets: [...estandar.targets, estandar.targets[0]!] })).toThrow(
      DomainValidationError,
    );
    expect(() =>
      validateTargets({
        ...estandar,
        targets: [{ priority: 'P1', severity: 'S1', responseMinutes: 60, resolutionMinutes: 30 }],
      }),
    ).toThrow(/resolution_minutes/);
    expect(() => validateTargets({ ...estandar, warningPercent: 120 })).toThrow(/warning_percent/);
  });
});

describe('documents to engine inputs', () => {
  it('builds calendars from Support Calendar docs and Holiday rows', () => {
    const doc = SupportCalendarSchema.parse(calendars[0]);
    const spec = calendarSpecFromDoc(doc, [{ holiday_date: '2026-12-25', description: '<p>Navidad</p>' }]);
    expect(spec.windows).toHaveLength(6);
    expect(spec.holidays).toEqual([{ date: '2026-12-25', description: 'Navidad' }]);
    expect(() =>
      calendarSpecFromDoc({ ...doc, windows: [{ weekday: 'Monday', start_time: '9:00:00', end_time: null }] }, []),
    ).toThrow(/windows\[0\]/);
  });
});

describe('explanations', () => {
  const cal = compileCalendar(
    seed003(Z, { holidays: [{ date: '2026-11-23', description: 'Feriado de prueba' }] }),
    '2026-01-01',
    '2027-12-31',
  );
  it('say in Spanish which spells count and which days do not', () => {
    const from = local(Z, '2026-11-20 18:00');
    const due = addBusinessMinutes(cal, from, 420);
    expect(show(Z, due)).toBe('2026-11-24 19:00');
    const es = explainDeadline(cal, from, due, 'es');
    expect(es.text).toMatch(
      /^Vence el martes 24 nov\.? 19:00 \(America\/Santiago\): 7 h hábiles desde el viernes 20 nov\.? 18:00/,
    );
    expect(es.text).toMatch(
      /viernes 20 nov\.? 18:00–20:00; sábado 21 nov\.? 09:00–13:00; martes 24 nov\.? 18:00–19:00/,
    );
    expect(es.text).toMatch(/No se cuentan: lunes 23 nov\.? \(feriado: Feriado de prueba\)/);
    expect(explainDeadline(cal, from, due, 'en').text).toMatch(/^Due Tuesday 24 Nov 19:00/);
  });

  it('formats business durations', () => {
    expect(formatBusinessDuration(90 * 60_000)).toBe('1 h 30 min');
    expect(formatBusinessDuration(45 * 60_000)).toBe('45 min');
    expect(formatBusinessDuration(3 * 3_600_000)).toBe('3 h');
  });
});

describe('Frappe datetimes', () => {
  it('are naive wall-clock times in the site zone', () => {
    const ms = parseFrappeDatetime('2026-11-20 18:00:00.123456', 'America/New_York');
    expect(formatFrappeDatetime(ms, 'America/New_York')).toBe('2026-11-20 18:00:00');
    expect(formatFrappeDatetime(ms, Z)).toBe('2026-11-20 20:00:00');
    expect(() => parseFrappeDatetime('20-11-2026', Z, 'received_on')).toThrow(/received_on/);
  });
});

describe('escalation (seed 003)', () => {
  const cal = compileCalendar(seed003(Z), '2026-01-01', '2027-12-31');
  const rules = estandar.targets.length
    ? [
        {
          fromLevel: 'N1' as const,
          toLevel: 'N2' as const,
          afterBusinessMinutes: 1440,
          notifyRole: 'Support Supervisor',
        },
        { fromLevel: 'N2' as const, toLevel: 'N3' as const, afterBusinessMinutes: 600, notifyRole: 'Support Manager' },
      ]
    : [];
  const base = (over: Partial<EscalationInput>): EscalationInput => ({
    calendar: cal,
    level: 'N1',
    levelSince: local(Z, '2026-11-02 18:00'),
    status: 'In Progress',
    history: [],
    pauseStatuses: DEFAULT_PAUSE_STATUSES,
    rules,
    severity: 'S3',
    requiresSpecialist: false,
    affectedUsers: 1,
    multipleUsersThreshold: 3,
    now: local(Z, '2026-11-05 18:00'),
    ...over,
  });

  it('nothing is due before 24 business hours at N1', () => {
    expect(escalationsDue(base({}))).toEqual([]);
  });

  it('N1 → N2 after 24 business hours unresolved, with the rule’s role and a bilingual reason', () => {
    // 24 h = 1440 min; a week of this calendar has 840: Mon 2 Nov 18:00 → Sat 7 Nov 13:00 (840) → Fri 13 Nov 20:00.
    const due = escalationsDue(base({ now: local(Z, '2026-11-16 18:30') }));
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ from: 'N1', to: 'N2', reason: 'unresolved-time', notifyRole: 'Support Supervisor' });
    expect(show(Z, due[0]!.dueAt)).toBe('2026-11-13 20:00');
    expect(due[0]!.message.es).toBe('Sin resolver 24 h hábiles en N1');
  });

  it('rules chain: a case forgotten long enough is due for N2 and then N3', () => {
    const due = escalationsDue(base({ now: local(Z, '2026-12-20 10:00') }));
    expect(due.map((d) => `${d.from}>${d.to}`)).toEqual(['N1>N2', 'N2>N3']);
  });

  it('time waiting on the customer does not count', () => {
    const history = [
      { status: 'Waiting on Customer', at: local(Z, '2026-11-03 18:00') },
      { status: 'In Progress', at: local(Z, '2026-11-10 18:00') },
    ];
    // 120 min on Mon 2 Nov, then the clock stands still until Tue 10 Nov: due Fri 20 Nov 20:00 instead.
    expect(escalationsDue(base({ history, now: local(Z, '2026-11-16 18:30') }))).toEqual([]);
    expect(show(Z, escalationsDue(base({ history, now: local(Z, '2026-11-21 09:00') }))[0]?.dueAt ?? null)).toBe(
      '2026-11-20 20:00',
    );
  });

  it('a specialist need or a critical failure reported by several users escalates at once', () => {
    expect(escalationsDue(base({ requiresSpecialist: true }))[0]).toMatchObject({
      from: 'N1',
      to: 'N2',
      reason: 'requires-specialist',
    });
    expect(escalationsDue(base({ affectedUsers: 5, severity: 'S1' }))[0]).toMatchObject({
      reason: 'multiple-users',
      message: { es: 'Falla crítica reportada por 5 usuarios' },
    });
    expect(escalationsDue(base({ affectedUsers: 5, severity: 'S4' }))).toEqual([]);
    expect(escalationsDue(base({ level: 'N3', requiresSpecialist: true }))).toEqual([]);
  });

  it('resolved cases escalate nowhere', () => {
    expect(escalationsDue(base({ status: 'Resolved', now: local(Z, '2026-12-20 10:00') }))).toEqual([]);
  });
});
