/**
 * Six months of closed cases and answered surveys for the demo's dashboard (issue 17), so `npm start` opens on
 * figures worth reading. It is a fixture loaded straight into the dev host's tables, as the benches do
 * (tests/bench/bulk-cases.ts), with the facts the host scripts and the SLA engine would have kept on those cases
 * (times in business seconds, breaches, first-contact resolution, categories). Deterministic: the same "now" gives
 * the same history. Only the Chilean company's customers, so costs add up in one currency.
 */
import { DateTime } from 'luxon';
import type { DevHost } from '../../devhost/site.ts';
import { expandSeries } from '../../devhost/model/naming.ts';

const CUSTOMERS = [
  'Minera Los Andes Ltda.',
  'Minera Los Andes Ltda.',
  'Agrícola Valle Central SpA',
  'Clínica San Rafael',
  'Clínica San Rafael',
  'Frigorífico del Sur Ltda.',
  'Viña Santa Elena',
  'Cobranzas Integrales SpA',
  'Transportes Australes S.A.',
  'Municipalidad de Quilpué',
  'Constructora Pacífico SpA',
  'Pesquera Mar Azul S.A.',
];
/** Product, its symptoms and the causes that usually follow them (a Pareto worth seeing). */
const PROBLEMS: [product: string, symptom: string, causes: string[]][] = [
  ['CT-15', 'Alarma de temperatura', ['Filtro obstruido', 'Filtro obstruido', 'Desgaste normal']],
  ['CT-15', 'Fuga de aceite', ['Sello o empaquetadura gastada', 'Sello o empaquetadura gastada', 'Desgaste normal']],
  ['CT-15', 'Ruido o vibración', ['Desgaste normal', 'Sello o empaquetadura gastada']],
  ['GD-60', 'No arranca', ['Configuración del cliente', 'Desgaste normal']],
  ['BC-200', 'Pérdida de presión', ['Sello o empaquetadura gastada', 'Filtro obstruido']],
  ['RI-8', 'Sin conectividad', ['Configuración del cliente', 'Configuración del cliente', 'Defecto de software']],
  ['OPT-COB', 'Error de acceso', ['Falta de capacitación', 'Configuración del cliente', 'Defecto de software']],
  ['OPT-COB', 'Datos desactualizados', ['Defecto de software', 'Defecto de software', 'Falta de capacitación']],
  ['OPT-COB', 'Consulta de uso', ['Falta de capacitación']],
];
const AGENTS: [user: string, level: 'N1' | 'N2' | 'N3', team: string][] = [
  ['ana.gonzalez@postventa.demo', 'N1', 'Mesa de ayuda N1'],
  ['ana.gonzalez@postventa.demo', 'N1', 'Mesa de ayuda N1'],
  ['elena.castro@postventa.demo', 'N1', 'Mesa de ayuda N1'],
  ['camila.perez@postventa.demo', 'N2', 'Especialistas N2'],
  ['diego.morales@postventa.demo', 'N3', 'Desarrollo N3'],
];
const CHANNELS = ['Phone', 'Phone', 'Email', 'Email', 'Portal', 'WhatsApp', 'App'];
const PRIORITIES = ['P1', 'P2', 'P2', 'P3', 'P3', 'P3', 'P4'];
/** Business hours to respond / resolve by priority (the demo SLAs' order of magnitude). */
const TARGETS: Record<string, [number, number]> = { P1: [1, 8], P2: [2, 16], P3: [4, 32], P4: [8, 48] };
const RATE = { N1: 18000, N2: 32000, N3: 45000 };
const WEEKS = 26;

/** mulberry32: a small seeded generator, so the history is the same on every start. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = Record<string, string | number | null>;

/** Every number and check field of a doctype set to 0 unless given, as MariaDB's NOT NULL DEFAULT 0 columns are. */
function withZeros(site: DevHost, doctype: string, row: Row): Row {
  const out: Row = {};
  for (const f of site.meta.require(doctype).valueFields)
    if (['Check', 'Int', 'Float', 'Currency', 'Percent'].includes(f.fieldtype)) out[f.fieldname] = 0;
  return { ...out, ...row };
}

function insert(site: DevHost, doctype: string, row: Row): void {
  const cols = Object.keys(row);
  site.db.run(
    `INSERT INTO "tab${doctype}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    cols.map((c) => row[c] ?? null),
  );
}

function nameFor(site: DevHost, series: string, at: DateTime): string {
  const clock = {
    year: at.toFormat('yyyy'),
    month: at.toFormat('MM'),
    day: at.toFormat('dd'),
    week: at.toFormat('WW'),
    timestamp: String(at.toMillis()),
  };
  return expandSeries(site.db, series, {}, clock);
}

/** Adds business hours (Mon–Fri 09:00–18:00) to a moment, roughly as the demo calendars count them. */
function plusBusiness(at: DateTime, hours: number): DateTime {
  let t = at;
  let left = hours * 60;
  while (left > 0) {
    if (t.weekday > 5 || t.hour >= 18) {
      t = t.plus({ days: 1 }).set({ hour: 9, minute: 0 });
      continue;
    }
    if (t.hour < 9) t = t.set({ hour: 9, minute: 0 });
    const step = Math.min(left, (18 - t.hour) * 60 - t.minute);
    t = t.plus({ minutes: step });
    left -= step;
  }
  return t;
}

/** Loads the history once per site, in one transaction: a second start finds its surveys and adds nothing. */
export const loadHistory = (site: DevHost, now: Date): Promise<{ cases: number; surveys: number }> =>
  site.internal(() => Promise.resolve(fill(site, now)));

interface Draw {
  random: () => number;
  pick: <T>(list: readonly T[]) => T;
}

interface Policy {
  name: string;
  sla: string;
}

const fmt = (d: DateTime): string => d.toFormat('yyyy-MM-dd HH:mm:ss');

function fill(site: DevHost, now: Date): { cases: number; surveys: number } {
  if (site.db.get('SELECT name FROM "tabSurvey Response" WHERE dedupe_key LIKE ? LIMIT 1', ['history|%']))
    return { cases: 0, surveys: 0 };
  const zone = site.systemZone();
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const random = generator(17);
  const draw: Draw = { random, pick: <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T };
  const policies = new Map<string, Policy>(
    site.db
      .all('SELECT name, customer, sla_policy FROM "tabService Policy" WHERE status = ?', ['Active'])
      .map((r) => [String(r.customer), { name: String(r.name), sla: String(r.sla_policy ?? '') }]),
  );
  let cases = 0;
  let surveys = 0;
  for (let w = WEEKS; w >= 1; w--) {
    const perWeek = 7 + Math.floor(random() * 6);
    for (let i = 0; i < perWeek; i++) {
      const made = historicCase(site, draw, today, w, policies);
      if (!made) continue;
      insert(site, 'Support Case', withZeros(site, 'Support Case', made.row));
      cases++;
      if (!made.survey) continue;
      insert(site, 'Survey Response', withZeros(site, 'Survey Response', made.survey));
      surveys++;
    }
  }
  return { cases, surveys };
}

/** One closed case of week `w` before today; later weeks have fewer breaches, happier customers, more preventive work. */
function historicCase(
  site: DevHost,
  { random, pick }: Draw,
  today: DateTime,
  w: number,
  policies: Map<string, Policy>,
): { row: Row; survey: Row | null } | null {
  const progress = (WEEKS - w) / WEEKS;
  const received = today
    .minus({ weeks: w })
    .startOf('week')
    .plus({ days: Math.floor(random() * 5) })
    .set({ hour: 9 + Math.floor(random() * 8), minute: Math.floor(random() * 60) });
  if (received >= today) return null;
  const customer = pick(CUSTOMERS);
  const policy = policies.get(customer);
  const [product, symptom, causes] = pick(PROBLEMS);
  const proactive = random() < 0.08 + 0.2 * progress;
  const priority = pick(PRIORITIES);
  const [agent, level, team] = pick(AGENTS);
  const [respondIn, resolveIn] = TARGETS[priority] ?? [4, 32];
  const responseBreached = random() < 0.22 - 0.16 * progress;
  const resolutionBreached = random() < 0.26 - 0.18 * progress;
  const firstResponse = respondIn * (responseBreached ? 1.2 + random() : 0.1 + 0.8 * random());
  const resolution = resolveIn * (resolutionBreached ? 1.1 + random() : 0.1 + 0.85 * random());
  const flow = handling(random, level, progress);
  const resolvedOn = plusBusiness(received, resolution);
  if (resolvedOn >= today) return null;
  const closedOn = resolvedOn.plus({ days: 1 });
  const hours = Math.round((0.5 + random() * (level === 'N1' ? 2.5 : 5)) * 4) / 4;
  const name = nameFor(site, 'CASO-.YYYY.-.#####', received);
  const answered = closedOn.plus({ days: 1 }) < today && random() < 0.45;
  const respondedSurvey = closedOn.plus({ hours: 20 + Math.floor(random() * 30) });
  const surveyName = answered ? nameFor(site, 'ENC-.YYYY.-.#####', respondedSurvey) : null;
  const scores = rate(random, progress);
  const row: Row = {
    ...stamp(received, closedOn, agent),
    name,
    subject: `${symptom} — ${product}`,
    symptom: `<p>${symptom} (${product}).</p>`,
    solution: '<p>Resuelto por el equipo de soporte.</p>',
    customer,
    company: 'Servicios Técnicos Andes SpA',
    currency: 'CLP',
    product,
    symptom_category: symptom,
    cause_category: pick(causes),
    channel: proactive ? 'Maintenance plan' : pick(CHANNELS),
    proactive: proactive ? 1 : 0,
    case_type: policy ? 'Billable' : pick(['Billable', 'Warranty']),
    priority,
    severity: `S${priority.slice(1)}`,
    support_level: level,
    team,
    assigned_to: agent,
    service_policy: policy?.name ?? null,
    sla_policy: policy?.sla || 'SLA Estándar',
    sla_status: responseBreached || resolutionBreached ? 'Breached' : 'Met',
    status: 'Closed',
    received_on: fmt(received),
    first_responded_on: fmt(plusBusiness(received, firstResponse)),
    resolved_on: fmt(resolvedOn),
    closed_on: fmt(closedOn),
    first_response_seconds: Math.round(firstResponse * 3600),
    resolution_seconds: Math.round(resolution * 3600),
    response_breached: responseBreached ? 1 : 0,
    resolution_breached: resolutionBreached ? 1 : 0,
    affected_users: 1,
    ...flow,
    recurring_problem: random() < 0.1 ? 1 : 0,
    billing_status: policy ? 'Not Billable' : 'Invoiced',
    hours_logged: hours,
    support_cost: hours * RATE[level],
    csat: answered ? scores.csat : 0,
    nps: answered ? scores.nps : 0,
    survey_response: surveyName,
  };
  const survey = surveyName ? surveyRow(surveyName, name, customer, agent, closedOn, respondedSurvey, scores) : null;
  return { row, survey };
}

/** The standard columns of a row made at `created` and last changed at `modified` (the sweep leaves closed ones). */
function stamp(created: DateTime, modified: DateTime, owner: string): Row {
  return {
    creation: `${fmt(created)}.000000`,
    modified: `${fmt(modified)}.000000`,
    modified_by: 'Administrator',
    owner,
    docstatus: 0,
    idx: 0,
  };
}

/** How the case was handled: reassigned, moved between levels, waited on the customer, reopened — and so FCR. */
function handling(random: () => number, level: string, progress: number): Row {
  const reassigned = random() < 0.15;
  const levelChange = level !== 'N1' && random() < 0.5;
  const waited = random() < 0.2;
  const reopened = random() < 0.1 - 0.07 * progress;
  return {
    reassign_count: reassigned ? 1 : 0,
    level_change_count: levelChange ? 1 : 0,
    waited_on_customer: waited ? 1 : 0,
    reopened_count: reopened ? 1 : 0,
    resolved_on_first_contact: !reassigned && !levelChange && !waited && !reopened ? 1 : 0,
  };
}

/** The answered post-service survey of a historic case. */
function surveyRow(
  name: string,
  supportCase: string,
  customer: string,
  agent: string,
  closedOn: DateTime,
  respondedOn: DateTime,
  { csat, nps }: { csat: number; nps: number },
): Row {
  return {
    ...stamp(closedOn, respondedOn, 'Administrator'),
    name,
    survey_template: 'Encuesta post-servicio',
    support_case: supportCase,
    customer,
    agent,
    status: 'Answered',
    trigger: 'Case Closed',
    dedupe_key: `history|${supportCase}`,
    sent_on: fmt(closedOn),
    expires_on: fmt(closedOn.plus({ days: 14 })),
    responded_on: fmt(respondedOn),
    csat,
    nps,
    detractor: nps <= 6 || csat <= 2 ? 1 : 0,
  };
}

/** CSAT 1–5 and an NPS 0–10 that mostly agrees with it; both rise as the months go by. */
function rate(random: () => number, progress: number): { csat: number; nps: number } {
  const csat = Math.min(5, Math.max(1, Math.round(2.6 + 2 * progress + (random() - 0.4) * 2.6)));
  return { csat, nps: Math.min(10, Math.max(0, Math.round(csat * 2 - random() * 2.5 + (csat >= 4 ? 1 : 0)))) };
}
