-- Facturación de soporte (issue 13): the cases resolved in a period with their type, hours per level, supplies,
-- cost, invoice, its status and what is outstanding, and the margin. A Query Report for accountants and managers
-- in ERPNext; portable SQL (MariaDB on a real site, SQLite on the dev host), checked with a MariaDB parser in tests.
SELECT
  c.name AS "Caso:Link/Support Case:140",
  c.customer AS "Cliente:Link/Customer:180",
  c.case_type AS "Tipo:Data:90",
  c.status AS "Estado:Data:90",
  DATE(COALESCE(c.resolved_on, c.received_on)) AS "Resuelto:Date:100",
  (SELECT COALESCE(SUM(t.hours), 0) FROM `tabTimesheet Detail` t
    WHERE t.support_case = c.name AND t.docstatus < 2 AND COALESCE(t.support_level, 'N1') IN ('N1', '')) AS "Horas N1:Float:80",
  (SELECT COALESCE(SUM(t.hours), 0) FROM `tabTimesheet Detail` t
    WHERE t.support_case = c.name AND t.docstatus < 2 AND t.support_level = 'N2') AS "Horas N2:Float:80",
  (SELECT COALESCE(SUM(t.hours), 0) FROM `tabTimesheet Detail` t
    WHERE t.support_case = c.name AND t.docstatus < 2 AND t.support_level = 'N3') AS "Horas N3:Float:80",
  (SELECT COALESCE(SUM(s.qty), 0) FROM `tabSupport Case Supply` s
    WHERE s.parent = c.name AND s.parenttype = 'Support Case') AS "Insumos:Float:80",
  COALESCE(c.support_cost, 0) AS "Costo:Currency:110",
  c.sales_invoice AS "Factura:Link/Sales Invoice:150",
  si.status AS "Estado factura:Data:110",
  COALESCE(si.grand_total, 0) AS "Facturado:Currency:110",
  COALESCE(si.outstanding_amount, 0) AS "Pendiente:Currency:110",
  COALESCE(si.grand_total, 0) - COALESCE(c.support_cost, 0) AS "Margen:Currency:110"
FROM `tabSupport Case` c
LEFT JOIN `tabSales Invoice` si ON si.name = c.sales_invoice AND si.docstatus < 2
WHERE c.status IN ('Resolved', 'Closed')
  AND DATE(COALESCE(c.resolved_on, c.received_on)) >= %(from_date)s
  AND DATE(COALESCE(c.resolved_on, c.received_on)) <= %(to_date)s
ORDER BY DATE(COALESCE(c.resolved_on, c.received_on)), c.name
