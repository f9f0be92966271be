-- Desempeño por agente (issue 17): for each person and support level, the cases received in a period they hold,
-- resolved, first-contact resolution and SLA compliance of the resolved, hours logged on them and their CSAT in the
-- period. The same figures as the dashboard's per-agent table. Portable SQL (MariaDB, SQLite on the dev host).
SELECT
  COALESCE(c.assigned_to, '') AS "Agente:Link/User:220",
  COALESCE(c.support_level, '') AS "Nivel:Data:70",
  COUNT(*) AS "Casos:Int:80",
  SUM(CASE WHEN c.status IN ('Resolved', 'Closed') THEN 1 ELSE 0 END) AS "Resueltos:Int:90",
  ROUND(100.0 * SUM(CASE WHEN c.status IN ('Resolved', 'Closed') AND c.resolved_on_first_contact = 1 THEN 1 ELSE 0 END)
    / NULLIF(SUM(CASE WHEN c.status IN ('Resolved', 'Closed') THEN 1 ELSE 0 END), 0), 1)
    AS "Resolución al primer contacto:Percent:190",
  ROUND(100.0 * SUM(CASE WHEN c.status IN ('Resolved', 'Closed') AND COALESCE(c.sla_policy, '') != ''
      AND c.response_breached = 0 AND c.resolution_breached = 0 THEN 1 ELSE 0 END)
    / NULLIF(SUM(CASE WHEN c.status IN ('Resolved', 'Closed') AND COALESCE(c.sla_policy, '') != '' THEN 1 ELSE 0 END), 0), 1)
    AS "Cumplimiento de SLA:Percent:140",
  ROUND(SUM(COALESCE(c.hours_logged, 0)), 1) AS "Horas:Float:80",
  (SELECT ROUND(AVG(s.csat), 2) FROM `tabSurvey Response` s
    WHERE s.agent = c.assigned_to AND s.status = 'Answered' AND s.csat > 0
      AND DATE(s.responded_on) >= %(from_date)s AND DATE(s.responded_on) <= %(to_date)s) AS "CSAT:Float:70"
FROM `tabSupport Case` c
WHERE DATE(c.received_on) >= %(from_date)s
  AND DATE(c.received_on) <= %(to_date)s
GROUP BY c.assigned_to, c.support_level
ORDER BY COUNT(*) DESC, COALESCE(c.assigned_to, ''), COALESCE(c.support_level, '')
