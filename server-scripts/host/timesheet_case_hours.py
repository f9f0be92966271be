# DocType Event · Timesheet · After Save (also After Cancel and After Delete)
# A case's hours_logged is derived on the host from the ERPNext Timesheet rows linked to it (seed 000, phase 4), in
# the same transaction as the Timesheet: the browser writes only the Timesheet, and a cancelled or deleted one stops
# counting. Written with set_value: the case's `modified` is left alone.
cases = []
for row in doc.get("time_logs") or []:
    case = row.get("support_case")
    if case and isinstance(case, str) and len(case) <= 140 and case not in cases:
        cases.append(case)
for case in cases[:100]:
    if not frappe.db.exists("Support Case", case):
        continue
    rows = frappe.get_all("Timesheet Detail", filters={"support_case": case, "docstatus": ["<", 2]}, fields=["hours"])
    hours = sum(frappe.utils.flt(r.hours) for r in rows)
    frappe.db.set_value("Support Case", case, "hours_logged", hours, update_modified=False)
