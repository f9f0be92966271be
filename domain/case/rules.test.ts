import { describe, expect, it } from 'vitest';
import {
  alertRecipients,
  isBillableTime,
  policyForCase,
  showsContractBadge,
  taskPriority,
  underWarranty,
} from './rules.ts';

const active = { name: 'POL-A', status: 'Active', vip: true };
const other = { name: 'POL-B', status: 'Active' };
const suspended = { name: 'POL-S', status: 'Suspended' };
const byName = new Map([active, other, suspended].map((p) => [p.name, p]));

describe('case rules', () => {
  it.each([
    ['the named policy wins', 'POL-S', [active], suspended],
    ['a name that does not exist gives none', 'POL-X', [active], null],
    ['one active policy of the customer is taken', null, [active, suspended], active],
    ['two active policies: none is guessed', null, [active, other], null],
    ['no policy', null, [], null],
  ] as const)('%s', (_label, linked, customer, expected) => {
    expect(policyForCase(linked, byName, customer)).toEqual(expected);
  });

  it('VIP badge only under an Active policy that is VIP', () => {
    expect([active, other, { ...suspended, vip: true }, null].map(showsContractBadge)).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it.each([
    ['2026-12-31', '2026-12-01 10:00:00', true],
    ['2026-12-01', '2026-12-01 23:59:00', true],
    ['2026-11-30', '2026-12-01 00:00:00', false],
    [null, '2026-12-01', false],
  ] as const)('warranty until %s, at %s: under warranty %s', (until, today, under) => {
    expect(underWarranty(until, today)).toBe(under);
  });

  it('billable time and Task priority', () => {
    expect((['Billable', 'Warranty', 'Courtesy'] as const).map(isBillableTime)).toEqual([true, false, false]);
    expect((['P1', 'P2', 'P3', 'P4'] as const).map(taskPriority)).toEqual(['Urgent', 'High', 'Medium', 'Medium']);
  });
});

describe('who an SLA alert goes to', () => {
  const leads = new Map([
    ['Mesa', 'sup.mesa@x'],
    ['Campo', 'sup.campo@x'],
  ]);
  it.each([
    ['assigned: the agent and the team supervisor', 'ana@x', 'Mesa', ['ana@x', 'sup.mesa@x']],
    ['unassigned in a team: its supervisor', null, 'Mesa', ['sup.mesa@x']],
    ['no one and no team: every team supervisor', null, null, ['sup.mesa@x', 'sup.campo@x']],
    ['the agent is the supervisor: once', 'sup.mesa@x', 'Mesa', ['sup.mesa@x']],
  ] as const)('%s', (_label, assignee, team, expected) => {
    expect(alertRecipients(assignee, team, leads)).toEqual(expected);
  });
});
