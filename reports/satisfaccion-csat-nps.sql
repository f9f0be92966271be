-- Satisfacción (CSAT/NPS) (issue 17): the surveys answered in a period by kind (after a case, after a visit,
-- relationship): answers, average CSAT and the satisfied (4–5), promoters (9–10), passives (7–8), detractors (0–6)
-- and the NPS. Portable SQL (MariaDB on a real site, SQLite on the dev host); `trigger` is quoted (a MariaDB word).
SELECT
  COALESCE(s.`trigger`, '') AS "Encuesta:Data:140",
  COUNT(*) AS "Respuestas:Int:100",
  ROUND(AVG(CASE WHEN s.csat > 0 THEN s.csat END), 2) AS "CSAT promedio:Float:120",
  SUM(CASE WHEN s.csat >= 4 THEN 1 ELSE 0 END) AS "Satisfechos:Int:100",
  SUM(CASE WHEN s.nps >= 9 THEN 1 ELSE 0 END) AS "Promotores:Int:100",
  SUM(CASE WHEN s.nps >= 7 AND s.nps <= 8 THEN 1 ELSE 0 END) AS "Pasivos:Int:80",
  SUM(CASE WHEN s.nps >= 0 AND s.nps <= 6 THEN 1 ELSE 0 END) AS "Detractores:Int:100",
  ROUND(100.0 * (SUM(CASE WHEN s.nps >= 9 THEN 1 ELSE 0 END) - SUM(CASE WHEN s.nps >= 0 AND s.nps <= 6 THEN 1 ELSE 0 END))
    / NULLIF(SUM(CASE WHEN s.nps IS NOT NULL THEN 1 ELSE 0 END), 0), 0) AS "NPS:Int:70"
FROM `tabSurvey Response` s
WHERE s.status = 'Answered'
  AND DATE(s.responded_on) >= %(from_date)s
  AND DATE(s.responded_on) <= %(to_date)s
GROUP BY s.`trigger`
ORDER BY COALESCE(s.`trigger`, '')
