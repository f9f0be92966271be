/** The monthly report's words, Spanish first (seed 000 is written for Chilean, Mexican and Argentine customers). */
export type Lang = 'es' | 'en';

interface Labels {
  title: string;
  policy: string;
  preview: string;
  usage: string;
  thisMonth: string;
  casesWord: string;
  periodLabel: (period: string | null) => string;
  since: string;
  hours: string;
  cases: string;
  of: string;
  notIncluded: string;
  beyond: string;
  casesTitle: string;
  opened: string;
  resolved: string;
  priority: string;
  severity: string;
  slaTitle: string;
  compliance: (met: number, measured: number) => string;
  nothingMeasured: string;
  firstResponse: string;
  resolution: string;
  target: string;
  businessHours: string;
  incidents: string;
  product: string;
  module: string;
  type: string;
  typeName: (t: string) => string;
  visits: string;
  date: string;
  visit: string;
  technician: string;
  equipment: string;
  recommendations: string;
  open: string;
  case: string;
  subject: string;
  status: string;
  received: string;
  statusName: (s: string) => string;
  more: (n: number) => string;
}

const ES_STATUS: Record<string, string> = {
  Open: 'Abierto',
  'In Progress': 'En curso',
  'Waiting on Customer': 'Esperando al cliente',
  'Escalated to Development': 'En desarrollo',
  Resolved: 'Resuelto',
  Closed: 'Cerrado',
  Cancelled: 'Anulado',
};
const ES_PERIOD: Record<string, string> = {
  Monthly: 'Período mensual',
  Quarterly: 'Período trimestral',
  Yearly: 'Período anual',
};

export const LABELS: Record<Lang, Labels> = {
  es: {
    title: 'Informe mensual',
    policy: 'póliza',
    preview: 'Vista previa: el mes aún no termina; las cifras son hasta hoy.',
    usage: 'Consumo del plan',
    thisMonth: 'Este mes',
    casesWord: 'casos',
    periodLabel: (p) => (p ? (ES_PERIOD[p] ?? `Período ${p}`) : 'Período'),
    since: 'desde el',
    hours: 'Horas',
    cases: 'Casos',
    of: 'de',
    notIncluded: 'sin tope en el plan',
    beyond: 'Lo que exceda lo incluido se factura a la tarifa del plan.',
    casesTitle: 'Casos del mes',
    opened: 'Abiertos',
    resolved: 'Resueltos',
    priority: 'Prioridad',
    severity: 'Severidad',
    slaTitle: 'Cumplimiento del SLA',
    compliance: (met, n) => `${met} de ${n} casos resueltos dentro de lo comprometido`,
    nothingMeasured: 'Ningún caso con meta de SLA se resolvió este mes.',
    firstResponse: 'Primera respuesta',
    resolution: 'Resolución',
    target: 'meta',
    businessHours: 'Promedios en horas hábiles del calendario de soporte; las pausas no cuentan.',
    incidents: 'Incidencias',
    product: 'Producto',
    module: 'Módulo',
    type: 'Cobertura',
    typeName: (t) => ({ Billable: 'Facturable', Warranty: 'Garantía', Courtesy: 'Cortesía' })[t] ?? t,
    visits: 'Visitas realizadas',
    date: 'Fecha',
    visit: 'Visita',
    technician: 'Técnico',
    equipment: 'Equipo',
    recommendations: 'Recomendaciones técnicas',
    open: 'Pendientes',
    case: 'Caso',
    subject: 'Asunto',
    status: 'Estado',
    received: 'Recibido',
    statusName: (s) => ES_STATUS[s] ?? s,
    more: (n) => `… y ${n} casos más abiertos.`,
  },
  en: {
    title: 'Monthly report',
    policy: 'policy',
    preview: 'Preview: the month is not over; the figures are up to today.',
    usage: 'Plan usage',
    thisMonth: 'This month',
    casesWord: 'cases',
    periodLabel: (p) => (p ? `${p} period` : 'Period'),
    since: 'since',
    hours: 'Hours',
    cases: 'Cases',
    of: 'of',
    notIncluded: 'no cap in the plan',
    beyond: "Anything beyond what is included is billed at the plan's rate.",
    casesTitle: "The month's cases",
    opened: 'Opened',
    resolved: 'Resolved',
    priority: 'Priority',
    severity: 'Severity',
    slaTitle: 'SLA compliance',
    compliance: (met, n) => `${met} of ${n} resolved cases within the promise`,
    nothingMeasured: 'No case with an SLA target was resolved this month.',
    firstResponse: 'First response',
    resolution: 'Resolution',
    target: 'target',
    businessHours: "Averages in the support calendar's business hours; pauses do not count.",
    incidents: 'Incidents',
    product: 'Product',
    module: 'Module',
    type: 'Coverage',
    typeName: (t) => t,
    visits: 'Visits done',
    date: 'Date',
    visit: 'Visit',
    technician: 'Technician',
    equipment: 'Equipment',
    recommendations: 'Technical recommendations',
    open: 'Open items',
    case: 'Case',
    subject: 'Subject',
    status: 'Status',
    received: 'Received',
    statusName: (s) => s,
    more: (n) => `… and ${n} more open cases.`,
  },
};
