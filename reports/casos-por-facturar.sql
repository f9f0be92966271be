-- Casos por facturar (issue 13): closed billable cases without a submitted invoice — none yet, a draft waiting for
-- review, or one the billing sweep could not make (its reason). A Query Report for accountants in ERPNext; portable
-- SQL (MariaDB on a real site, SQLite on the dev host), checked with a MariaDB parser in tests.
SELECT
  c.name AS "Caso:Link/Support Case:140",
  c.customer AS "Cliente:Link/Customer:180",
  c.subject AS "Asunto:Data:220",
  COALESCE(c.hours_logged, 0) AS "Horas:Float:70",
  c.billing_status AS "Facturación:Data:100",
  c.sales_invoice AS "Borrador:Link/Sales Invoice:150",
  c.billing_problem AS "Problema:Data:260",
  DATE(c.modified) AS "Actualizado:Date:100"
FROM `tabSupport Case` c
LEFT JOIN `tabSales Invoice` si ON si.name = c.sales_invoice
WHERE c.status = 'Closed'
  AND c.case_type = 'Billable'
  AND COALESCE(c.billing_status, '') <> 'Not Billable'
  AND (c.sales_invoice IS NULL OR c.sales_invoice = '' OR si.docstatus IS NULL OR si.docstatus <> 1)
ORDER BY c.modified
