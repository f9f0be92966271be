-- Clientes en riesgo (issue 17): the customers on the risk list of the latest nightly snapshot, highest score
-- first, with the reasons, the value × risk segment and the figures behind them. Portable SQL (MariaDB, SQLite).
SELECT
  m.customer AS "Cliente:Link/Customer:200",
  m.risk_score AS "Puntaje:Int:80",
  COALESCE(m.segment, '') AS "Segmento:Data:170",
  COALESCE(m.risk_reasons, '') AS "Motivos:Small Text:320",
  m.csat_avg AS "CSAT 30 días:Float:100",
  m.nps AS "NPS 90 días:Float:100",
  m.breaches_this_month AS "Incumplimientos del mes:Int:150",
  m.overdue_invoices AS "Facturas vencidas:Int:120",
  m.open_escalations AS "Escalamientos abiertos:Int:150",
  m.revenue AS "Ingresos 12 meses:Currency:140",
  m.period_end AS "Fecha:Date:100"
FROM `tabCustomer Metric Snapshot` m
WHERE m.at_risk = 1
  AND m.period_end = (SELECT MAX(l.period_end) FROM `tabCustomer Metric Snapshot` l)
ORDER BY m.risk_score DESC, m.customer
