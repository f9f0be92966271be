# DocType Event · Timesheet · After Save (also After Cancel and After Delete)
# A case's hours_logged is derived on the host from the ERPNext Timesheet rows linked to it (seed 000, phase 4), in
# the same transaction as the Timesheet: the browser writes only the Timesheet, and a cancelled or deleted one stops
# counting. The póliza of each case follows too: its hours_used (hours logged on its cases since the period began)
# and cases_used (cases received in the period), which billing reads to know what the allowance still covers.
# Written with set_value: `modified` is left alone.
cases = []
policies = []
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
    policy = frappe.db.get_value("Support Case", case, "service_policy")
    if policy and policy not in policies:
        policies.append(policy)
for policy in policies[:20]:
    row = frappe.db.get_value("Service Policy", policy, ["usage_period_start", "start_date"], as_dict=True) or {}
    since = row.get("usage_period_start") or row.get("start_date")
    names = frappe.get_all("Support Case", filters={"service_policy": policy}, pluck="name", limit=10000)
    used = 0
    if names:
        filters = {"support_case": ["in", names], "docstatus": ["<", 2]}
        if since:
            filters["from_time"] = [">=", str(since)]
        used = sum(frappe.utils.flt(r.hours) for r in frappe.get_all("Timesheet Detail", filters=filters, fields=["hours"]))
    count = frappe.db.count("Support Case", {"service_policy": policy, "received_on": [">=", str(since)]}) if since else len(names)
    frappe.db.set_value("Service Policy", policy, {"hours_used": used, "cases_used": count}, update_modified=False)
