-- Cumplimiento de SLA (issue 17): of the cases received in a period, resolved under an SLA policy, by priority: how
-- many met both targets, how many missed the first response or the resolution, the compliance and the average
-- times in business time (the SLA clock's seconds, pauses excluded). Portable SQL (MariaDB, SQLite on the dev host).
SELECT
  COALESCE(c.priority, '') AS "Prioridad:Data:90",
  COUNT(*) AS "Casos con SLA:Int:110",
  SUM(CASE WHEN c.response_breached = 0 AND c.resolution_breached = 0 THEN 1 ELSE 0 END) AS "Cumplidos:Int:100",
  SUM(c.response_breached) AS "Respuesta vencida:Int:130",
  SUM(c.resolution_breached) AS "Resolución vencida:Int:130",
  ROUND(100.0 * SUM(CASE WHEN c.response_breached = 0 AND c.resolution_breached = 0 THEN 1 ELSE 0 END) / COUNT(*), 1)
    AS "Cumplimiento:Percent:120",
  ROUND(AVG(CASE WHEN c.first_response_seconds > 0 THEN c.first_response_seconds END) / 60.0, 1)
    AS "Primera respuesta promedio (min hábiles):Float:200",
  ROUND(AVG(CASE WHEN c.resolution_seconds > 0 THEN c.resolution_seconds END) / 3600.0, 1)
    AS "Resolución promedio (h hábiles):Float:180"
FROM `tabSupport Case` c
WHERE c.status IN ('Resolved', 'Closed')
  AND COALESCE(c.sla_policy, '') != ''
  AND DATE(c.received_on) >= %(from_date)s
  AND DATE(c.received_on) <= %(to_date)s
GROUP BY c.priority
ORDER BY COALESCE(c.priority, '')
