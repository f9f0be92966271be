# DocType Event · Timesheet · After Save (also After Cancel and After Delete)
# A case's hours_logged is derived on the host from the ERPNext Timesheet rows linked to it (seed 000, phase 4), in
# the same transaction as the Timesheet: the browser writes only the Timesheet, and a cancelled or deleted one stops
# counting. The póliza of each case follows too: its hours_used (hours logged on its cases since the period began)
# and cases_used (cases received in the period), which billing reads to know what the allowance still covers.
# Crossing 80 % or 100 % of the period's allowance (hours or cases, domain/billing/policy.ts usageLevel) sends one
# notice per level and period — to the customer's account manager (else the N1 teams' supervisors) and the
# policy's report recipients — recorded as a Communication on the policy; usage_warning_level keeps it once.
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
    values = {"hours_used": used, "cases_used": count}
    p = frappe.db.get_value("Service Policy", policy, ["customer", "allowance_hours", "allowance_cases", "usage_warning_level", "report_recipients"], as_dict=True) or {}
    hours_cap = frappe.utils.flt(p.get("allowance_hours"))
    cases_cap = frappe.utils.cint(p.get("allowance_cases"))
    top = max(used / hours_cap if hours_cap > 0 else 0, count / cases_cap if cases_cap > 0 else 0)
    level = 100 if top >= 1 else (80 if top >= 0.8 else 0)
    if level > frappe.utils.cint(p.get("usage_warning_level")):
        values["usage_warning_level"] = level
        staff = frappe.db.get_value("Customer", p.get("customer"), "account_manager") if p.get("customer") else None
        people = [staff] if staff else frappe.get_all("Support Team", filters={"enabled": 1, "support_level": "N1", "supervisor": ["is", "set"]}, pluck="supervisor", limit=20)
        for r in str(p.get("report_recipients") or "").replace(";", ",").replace("\n", ",").split(","):
            if r.strip() and "@" in r:
                people.append(r.strip())
        shown = str(round(used, 2)) + " h / " + str(hours_cap) + " h · " + str(count) + " / " + str(cases_cap)
        frappe.get_doc({
            "doctype": "Communication",
            "subject": "Póliza " + policy + ": " + str(level) + " % del período usado / Policy " + policy + ": " + str(level) + " % of the period used",
            "content": "<p>La póliza " + frappe.utils.escape_html(policy) + " usó " + shown + " de lo incluido en el período"
            + (" (lo que exceda se factura a la tarifa del plan)" if level >= 100 else "") + ".</p><p>Policy "
            + frappe.utils.escape_html(policy) + " used " + shown + " of what the period includes"
            + (" (anything beyond it is billed at the plan's rate)" if level >= 100 else "") + ".</p>",
            "communication_type": "Automated Message",
            "communication_medium": "Email",
            "sent_or_received": "Sent",
            "status": "Linked",
            "recipients": ", ".join([x for x in people if x]),
            "reference_doctype": "Service Policy",
            "reference_name": policy,
        }).insert(ignore_permissions=True)
    frappe.db.set_value("Service Policy", policy, values, update_modified=False)
