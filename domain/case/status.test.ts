import { describe, expect, it } from 'vitest';
import { SUPPORT_CASE_STATUS } from '../../generated/doctypes/support_case.ts';
import { FINISHED_STATUSES, isOpenStatus, isResolvedStatus, OPEN_STATUSES, RESOLVED_STATUSES } from './status.ts';

describe('case statuses', () => {
  it('split the doctype options into open and finished, with nothing left over or counted twice', () => {
    expect([...OPEN_STATUSES, ...FINISHED_STATUSES].sort()).toEqual([...SUPPORT_CASE_STATUS].sort());
    expect(OPEN_STATUSES).toEqual(['Open', 'In Progress', 'Waiting on Customer', 'Escalated to Development']);
    expect(RESOLVED_STATUSES).toEqual(['Resolved', 'Closed']);
  });
  it.each([
    ['Open', true, false],
    ['Waiting on Customer', true, false],
    ['Resolved', false, true],
    ['Closed', false, true],
    ['Cancelled', false, false],
    [null, false, false],
    ['Abierto', false, false],
  ])('%s: open %s, resolved %s', (status, open, resolved) => {
    expect([isOpenStatus(status), isResolvedStatus(status)]).toEqual([open, resolved]);
  });
});
