-- Casos por causa raíz (issue 17, seed 004 "qué problemas se pueden mejorar de raíz en los productos"): the cases
-- received in a period by product, symptom category and cause category, most first, with the recurring ones and
-- each group's share. Portable SQL (MariaDB on a real site, SQLite on the dev host), parsed as MariaDB in tests.
SELECT
  COALESCE(c.product, '') AS "Producto:Link/Item:140",
  COALESCE(c.symptom_category, '(sin categoría)') AS "Síntoma:Data:200",
  COALESCE(c.cause_category, '(sin categoría)') AS "Causa:Data:200",
  COUNT(*) AS "Casos:Int:80",
  SUM(c.recurring_problem) AS "Recurrentes:Int:100",
  ROUND(100.0 * COUNT(*) / (SELECT COUNT(*) FROM `tabSupport Case` t
    WHERE t.status != 'Cancelled' AND DATE(t.received_on) >= %(from_date)s AND DATE(t.received_on) <= %(to_date)s), 1)
    AS "Participación:Percent:110"
FROM `tabSupport Case` c
WHERE c.status != 'Cancelled'
  AND DATE(c.received_on) >= %(from_date)s
  AND DATE(c.received_on) <= %(to_date)s
GROUP BY c.product, c.symptom_category, c.cause_category
ORDER BY COUNT(*) DESC, COALESCE(c.product, ''), COALESCE(c.symptom_category, ''), COALESCE(c.cause_category, '')
