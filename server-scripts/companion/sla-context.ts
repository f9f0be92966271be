/**
 * The configuration every SLA computation needs, read with a fixed number of requests (child rows are listed per
 * table, not per parent) and cached for a few minutes: the site's time zone, Postventa Settings, SLA policies with
 * their targets, pauses and escalation rules, compiled support calendars with their holidays, active and suspended
 * service policies by customer, and team supervisors.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { compileCalendar, type CompiledCalendar } from '../../domain/sla/calendar.ts';
import type { EscalationRule, SupportLevel } from '../../domain/escalation/escalation.ts';
import { calendarSpecFromDoc, slaRulesFromDoc } from '../../domain/sla/from-docs.ts';
import type { SlaPolicyRules } from '../../domain/sla/targets.ts';
import { SLAPolicySchema, SupportCalendarSchema } from '../../generated/doctypes/index.ts';
import { HostClient } from '../../host-client/client.ts';

const Row = z.record(z.string(), z.unknown());
type R = z.infer<typeof Row>;

export interface PolicyInfo {
  name: string;
  status: string;
  slaPolicy: string | null;
  vip: boolean;
}

export interface SlaContextData {
  zone: string;
  /** A hash of every host record read: when it changes, every open case must be stamped again. */
  fingerprint: string;
  /** The companion's own API user: the sweep skips rows only it changed since the last run. */
  user: string;
  loadedAt: number;
  defaultSla: string | null;
  requireHours: boolean;
  policies: Map<string, SlaPolicyRules & { escalationRules: EscalationRule[] }>;
  calendars: Map<string, CompiledCalendar>;
  /** Active and Suspended service policies per customer. */
  servicePolicies: Map<string, PolicyInfo[]>;
  policyByName: Map<string, PolicyInfo>;
  teamSupervisors: Map<string, string>;
}

const num = (v: unknown, d = 0): number => (v === null || v === undefined || v === '' ? d : Number(v));
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export async function loadSlaContext(client: HostClient, now: Date): Promise<SlaContextData> {
  // System Settings is System Manager's only: the site's zone comes from Postventa's boot script, open to any user.
  const boot = Row.parse(await client.call('postventa.session.boot', {}, 'GET'));
  const zone = str(boot.time_zone) || 'UTC';
  const settings = await client.getDoc('Postventa Settings', 'Postventa Settings', Row);
  const all = async (
    doctype: string,
    fields: string[],
    filters: [string, string, unknown][] = [],
    parent?: string,
  ): Promise<R[]> => {
    const out: R[] = [];
    for await (const page of client.iterate(
      doctype,
      { fields, filters, orderBy: 'name asc', pageSize: 500, ...(parent ? { parent } : {}) },
      Row,
    ))
      out.push(...page);
    return out;
  };
  const policyRows = await all('SLA Policy', ['name', 'enabled', 'calendar', 'warning_percent', 'apply_to_resolution']);
  const targets = await all(
    'SLA Target',
    ['name', 'parent', 'priority', 'severity', 'response_minutes', 'resolution_minutes'],
    [],
    'SLA Policy',
  );
  const pauses = await all('SLA Pause Status', ['name', 'parent', 'status'], [], 'SLA Policy');
  const rules = await all(
    'SLA Escalation Rule',
    ['parent', 'from_level', 'to_level', 'after_business_minutes', 'notify_role', 'idx'],
    [],
    'SLA Policy',
  );
  const policies = new Map<string, SlaPolicyRules & { escalationRules: EscalationRule[] }>();
  for (const p of policyRows) {
    const name = str(p.name);
    const doc = SLAPolicySchema.safeParse({
      ...p,
      targets: targets.filter((t) => t.parent === name),
      pause_statuses: pauses.filter((x) => x.parent === name),
    });
    let base: SlaPolicyRules;
    try {
      if (!doc.success) continue;
      base = slaRulesFromDoc(doc.data);
    } catch {
      continue; // A policy an admin left incomplete gives no SLA until it is fixed (the admin page names the field).
    }
    policies.set(name, {
      ...base,
      escalationRules: rules
        .filter((r) => r.parent === name)
        .sort((a, b) => num(a.idx) - num(b.idx))
        .map((r) => ({
          fromLevel: str(r.from_level) as SupportLevel,
          toLevel: str(r.to_level) as SupportLevel,
          afterBusinessMinutes: num(r.after_business_minutes),
          notifyRole: r.notify_role ? str(r.notify_role) : null,
        })),
    });
  }
  const calRows = await all('Support Calendar', ['name', 'time_zone', 'holiday_list']);
  const windows = await all(
    'Support Calendar Window',
    ['name', 'parent', 'weekday', 'start_time', 'end_time'],
    [],
    'Support Calendar',
  );
  const closures = await all(
    'Support Calendar Closure',
    ['name', 'parent', 'closure_date', 'whole_day', 'start_time', 'end_time', 'reason'],
    [],
    'Support Calendar',
  );
  const lists = [...new Set(calRows.map((c) => str(c.holiday_list)).filter(Boolean))];
  const holidays = lists.length
    ? await all('Holiday', ['parent', 'holiday_date', 'description'], [['parent', 'in', lists]], 'Holiday List')
    : [];
  const today = DateTime.fromJSDate(now, { zone });
  const from = today.minus({ years: 2 }).toISODate() ?? '';
  const to = today.plus({ years: 2 }).toISODate() ?? '';
  const calendars = new Map<string, CompiledCalendar>();
  for (const c of calRows) {
    const name = str(c.name);
    const doc = SupportCalendarSchema.safeParse({
      ...c,
      windows: windows.filter((w) => w.parent === name),
      closures: closures.filter((x) => x.parent === name),
    });
    try {
      if (!doc.success) continue;
      const days = holidays
        .filter((h) => h.parent === c.holiday_list)
        .map((h) => ({ holiday_date: str(h.holiday_date), description: h.description ? str(h.description) : null }));
      calendars.set(name, compileCalendar(calendarSpecFromDoc(doc.data, days), from, to));
    } catch {
      // A calendar an admin left invalid (no windows, bad zone): cases under it get no SLA until it is fixed.
    }
  }
  const policyList = await all(
    'Service Policy',
    ['name', 'customer', 'status', 'sla_policy', 'vip'],
    [['status', 'in', ['Active', 'Suspended']]],
  );
  const servicePolicies = new Map<string, PolicyInfo[]>();
  const policyByName = new Map<string, PolicyInfo>();
  for (const p of policyList) {
    const info: PolicyInfo = {
      name: str(p.name),
      status: str(p.status),
      slaPolicy: p.sla_policy ? str(p.sla_policy) : null,
      vip: num(p.vip) === 1,
    };
    servicePolicies.set(str(p.customer), [...(servicePolicies.get(str(p.customer)) ?? []), info]);
    policyByName.set(info.name, info);
  }
  const teams = await all('Support Team', ['name', 'supervisor']);
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        zone,
        settings.default_sla_policy ?? null,
        settings.require_hours_to_close_policy_case ?? null,
        policyRows,
        targets,
        pauses,
        rules,
        calRows,
        windows,
        closures,
        holidays,
        policyList,
        teams,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
  return {
    zone,
    fingerprint,
    user: str(boot.user),
    loadedAt: now.getTime(),
    defaultSla: settings.default_sla_policy ? str(settings.default_sla_policy) : null,
    requireHours: num(settings.require_hours_to_close_policy_case, 1) === 1,
    policies,
    calendars,
    servicePolicies,
    policyByName,
    teamSupervisors: new Map(teams.filter((t) => t.supervisor).map((t) => [str(t.name), str(t.supervisor)])),
  };
}

/** Reloads the context when it is older than `maxAgeMs`. */
export class SlaContextCache {
  private current: SlaContextData | null = null;
  constructor(
    private readonly client: HostClient,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  async get(now: Date): Promise<SlaContextData> {
    if (!this.current || now.getTime() - this.current.loadedAt > this.maxAgeMs)
      this.current = await loadSlaContext(this.client, now);
    return this.current;
  }

  invalidate(): void {
    this.current = null;
  }
}
