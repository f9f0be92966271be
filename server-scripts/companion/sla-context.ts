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
  /** The host's `postventa.sla.settings_version` when this was read: a different answer means reload. */
  version: string;
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

/** Every row of a doctype (or of a child table, with its parent doctype), paged by name. */
type ListAll = (
  doctype: string,
  fields: string[],
  filters?: [string, string, unknown][],
  parent?: string,
) => Promise<R[]>;

function lister(client: HostClient): ListAll {
  return async (doctype, fields, filters = [], parent) => {
    const out: R[] = [];
    for await (const page of client.iterate(
      doctype,
      { fields, filters, orderBy: 'name asc', pageSize: 500, ...(parent ? { parent } : {}) },
      Row,
    ))
      out.push(...page);
    return out;
  };
}

/** What was read, kept for the fingerprint: any change in it means every open case must be stamped again. */
type Read<T> = { rows: unknown[]; value: T };

/** Who the integration is and the site's time zone (System Settings is System Manager's only: Postventa's boot). */
async function readBoot(client: HostClient): Promise<{ user: string; zone: string }> {
  const boot = Row.parse(await client.call('postventa.session.boot', {}, 'GET'));
  return { user: str(boot.user), zone: str(boot.time_zone) || 'UTC' };
}
export const siteZone = async (client: HostClient): Promise<string> => (await readBoot(client)).zone;

export async function loadSlaContext(client: HostClient, now: Date): Promise<SlaContextData> {
  const { user, zone } = await readBoot(client);
  const version = await settingsVersion(client);
  const settings = await client.getDoc('Postventa Settings', 'Postventa Settings', Row);
  const all = lister(client);
  const policies = await readSlaPolicies(all);
  const calendars = await readCalendars(all, now, zone);
  const service = await readServicePolicies(all);
  const teams = await all('Support Team', ['name', 'supervisor']);
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        zone,
        settings.default_sla_policy ?? null,
        settings.require_hours_to_close_policy_case ?? null,
        policies.rows,
        calendars.rows,
        service.rows,
        teams,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
  return {
    zone,
    version,
    fingerprint,
    user,
    loadedAt: now.getTime(),
    defaultSla: settings.default_sla_policy ? str(settings.default_sla_policy) : null,
    requireHours: num(settings.require_hours_to_close_policy_case, 1) === 1,
    policies: policies.value,
    calendars: calendars.value,
    servicePolicies: service.value.byCustomer,
    policyByName: service.value.byName,
    teamSupervisors: new Map(teams.filter((t) => t.supervisor).map((t) => [str(t.name), str(t.supervisor)])),
  };
}

type PolicyRules = SlaPolicyRules & { escalationRules: EscalationRule[] };

/** SLA policies with their targets, pauses and escalation rules, through the same mapping as the admin preview. */
async function readSlaPolicies(all: ListAll): Promise<Read<Map<string, PolicyRules>>> {
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
  const policies = new Map<string, PolicyRules>();
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
  return { rows: [policyRows, targets, pauses, rules], value: policies };
}

/** Support calendars with their windows, closures and holidays, compiled two years either side of now. */
async function readCalendars(all: ListAll, now: Date, zone: string): Promise<Read<Map<string, CompiledCalendar>>> {
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
  return { rows: [calRows, windows, closures, holidays], value: calendars };
}

/** Active and Suspended service policies, by customer and by name. */
async function readServicePolicies(
  all: ListAll,
): Promise<Read<{ byCustomer: Map<string, PolicyInfo[]>; byName: Map<string, PolicyInfo> }>> {
  const policyList = await all(
    'Service Policy',
    ['name', 'customer', 'status', 'sla_policy', 'vip'],
    [['status', 'in', ['Active', 'Suspended']]],
  );
  const byCustomer = new Map<string, PolicyInfo[]>();
  const byName = new Map<string, PolicyInfo>();
  for (const p of policyList) {
    const info: PolicyInfo = {
      name: str(p.name),
      status: str(p.status),
      slaPolicy: p.sla_policy ? str(p.sla_policy) : null,
      vip: num(p.vip) === 1,
    };
    byCustomer.set(str(p.customer), [...(byCustomer.get(str(p.customer)) ?? []), info]);
    byName.set(info.name, info);
  }
  return { rows: [policyList], value: { byCustomer, byName } };
}

/** The host's fingerprint of what stamping depends on (`server-scripts/host/sla_settings_version.py`). */
export async function settingsVersion(client: HostClient): Promise<string> {
  return z.string().parse(await client.call('postventa.sla.settings_version', {}, 'GET'));
}

/** The SLA settings, cached between sweeps. */
export class SlaContextCache {
  private current: SlaContextData | null = null;
  constructor(
    private readonly client: HostClient,
    private readonly maxAgeMs = 5 * 60_000,
  ) {}

  /**
   * The settings, reloaded when older than `maxAgeMs` or — with `checkVersion`, as each sweep asks (one request) —
   * as soon as the host says an SLA policy, a calendar, a holiday list, a contract, a team or the settings changed.
   */
  async get(now: Date, opts: { checkVersion?: boolean } = {}): Promise<SlaContextData> {
    if (this.current && opts.checkVersion && (await settingsVersion(this.client)) !== this.current.version)
      this.current = null;
    if (!this.current || now.getTime() - this.current.loadedAt > this.maxAgeMs)
      this.current = await loadSlaContext(this.client, now);
    return this.current;
  }

  invalidate(): void {
    this.current = null;
  }
}
