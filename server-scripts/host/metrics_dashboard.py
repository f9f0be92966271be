# API · postventa.metrics.dashboard · POST
# The dashboard's figures (issue 17) in one call, for supervisors and managers: every figure is a grouped query on
# the host (COUNT / SUM … GROUP BY), never the cases themselves; domain/metrics turns the groups into KPIs.
# Cases are counted in the period they were received (from_date … to_date, site dates, at most 400 days), against
# the period of the same length before. Segments narrow every figure: customer_group, territory, plan (the case's
# policy's plan), product, team, agent. Arguments are checked for type and length before any query.
ALLOWED = ("Support Supervisor", "Support Manager", "System Manager", "Postventa Integration")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo supervisores y jefes de soporte ven el tablero. / Only support supervisors and managers see the dashboard.", frappe.PermissionError)


def day(field):
    v = frappe.form_dict.get(field)
    if not isinstance(v, str) or len(v) != 10 or v[4] != "-" or v[7] != "-" or not (v[:4] + v[5:7] + v[8:]).isdigit() or not ("01" <= v[5:7] <= "12") or not ("01" <= v[8:] <= "31"):
        frappe.throw(field + ": una fecha AAAA-MM-DD. / " + field + ": a YYYY-MM-DD date.")
    return v


def text(field):
    v = frappe.form_dict.get(field)
    if v in (None, ""):
        return None
    if not isinstance(v, str) or len(v) > 140:
        frappe.throw(field + ": un texto de hasta 140 caracteres. / " + field + ": a text of up to 140 characters.")
    return v


start = day("from_date")
end = day("to_date")
span = frappe.utils.date_diff(end, start)
if span < 0 or span > 400:
    frappe.throw("to_date: el período va de 1 a 400 días. / to_date: the period is 1 to 400 days.")
seg = {k: text(k) for k in ("customer_group", "territory", "plan", "product", "team", "agent")}
prev_end = frappe.utils.add_days(start, -1)
prev_start = frappe.utils.add_days(prev_end, -span)

customers = None
if seg["customer_group"] or seg["territory"]:
    cf = {}
    if seg["customer_group"]:
        cf["customer_group"] = seg["customer_group"]
    if seg["territory"]:
        cf["territory"] = seg["territory"]
    customers = frappe.get_all("Customer", filters=cf, pluck="name") or ["—"]
policies = (frappe.get_all("Service Policy", filters={"plan": seg["plan"]}, pluck="name") or ["—"]) if seg["plan"] else None


def case_filters(a, b, extra=None):
    f = [["received_on", ">=", a + " 00:00:00"], ["received_on", "<=", b + " 23:59:59"]]
    if customers is not None:
        f.append(["customer", "in", customers])
    if policies is not None:
        f.append(["service_policy", "in", policies])
    for k, field in (("product", "product"), ("team", "team"), ("agent", "assigned_to")):
        if seg[k]:
            f.append([field, "=", seg[k]])
    return f + (extra or [])


CUBE = ["status", "channel", "priority", "proactive", "sla_policy", "response_breached", "resolution_breached"]
SUMS = ["count(name) as n", "sum(resolved_on_first_contact) as fcr", "sum(recurring_problem) as recurring", "sum(hours_logged) as hours", "sum(support_cost) as cost"]


def cube(a, b, dims):
    return frappe.get_all("Support Case", filters=case_filters(a, b), fields=dims + SUMS, group_by=", ".join(dims), order_by=dims[0] + " asc")


def count(doctype, filters):
    rows = frappe.get_all(doctype, filters=filters, fields=["count(name) as n"])
    return frappe.utils.cint(rows[0].n) if rows else 0


def times(a, b, field, with_median):
    extra = [[field, ">", 0]]
    if field == "resolution_seconds":
        extra.append(["status", "in", ["Resolved", "Closed"]])
    rows = frappe.get_all("Support Case", filters=case_filters(a, b, extra), fields=["count(name) as n", "sum(" + field + ") as total"])
    n = frappe.utils.cint(rows[0].n) if rows else 0
    total = frappe.utils.flt(rows[0].total) if rows else 0
    middle = []
    if with_median and n:
        middle = frappe.get_all("Support Case", filters=case_filters(a, b, extra), fields=[field], order_by=field + " asc", limit_start=(n - 1) // 2, limit_page_length=2, pluck=field)
    return {"n": n, "total": total, "middle": middle}


def survey_filters(a, b):
    f = [["status", "=", "Answered"], ["responded_on", ">=", a + " 00:00:00"], ["responded_on", "<=", b + " 23:59:59"]]
    if customers is not None:
        f.append(["customer", "in", customers])
    if seg["agent"]:
        f.append(["agent", "=", seg["agent"]])
    return f


def scores(a, b, field):
    return frappe.get_all("Survey Response", filters=survey_filters(a, b) + [[field, "is", "set"]], fields=[field + " as score", "count(name) as n"], group_by=field, order_by=field + " asc")


# Weeks (Monday to Sunday) that overlap the period, at most 27: SLA compliance and proactive vs reactive by week.
monday = frappe.utils.add_days(start, -frappe.utils.getdate(start).weekday())
weeks = []
while str(monday) <= end and len(weeks) < 27:
    sunday = frappe.utils.add_days(monday, 6)
    rows = frappe.get_all("Support Case", filters=case_filters(str(monday), str(sunday)), fields=["status", "proactive", "sla_policy", "response_breached", "resolution_breached", "count(name) as n"], group_by="status, proactive, sla_policy, response_breached, resolution_breached", order_by="status asc")
    weeks.append({"week": str(monday), "rows": rows})
    monday = frappe.utils.add_days(monday, 7)

# CSAT and NPS by month, the six months that end with the period.
months = []
cursor = frappe.utils.get_first_day(frappe.utils.add_months(end, -5))
while str(cursor) <= end:
    last = frappe.utils.add_days(frappe.utils.add_months(cursor, 1), -1)
    months.append({"month": str(cursor)[:7], "csat": scores(str(cursor), str(last), "csat"), "nps": scores(str(cursor), str(last), "nps")})
    cursor = frappe.utils.add_months(cursor, 1)

live = [["status", "!=", "Cancelled"]]
causes = {}
for field in ("symptom_category", "cause_category"):
    causes[field] = frappe.get_all("Support Case", filters=case_filters(start, end, live), fields=["product", field + " as category", "count(name) as n"], group_by="product, " + field, order_by="product asc")

# Preventive effectiveness: serials with a preventive visit done in the period; their corrective cases 90 days around.
visits = frappe.get_all("Service Visit", filters=[["status", "=", "Completed"], ["maintenance_occurrence", "is", "set"], ["serial_no", "is", "set"], ["finished_on", ">=", start + " 00:00:00"], ["finished_on", "<=", end + " 23:59:59"]], fields=["serial_no as serial", "finished_on as date"], order_by="finished_on asc", limit_page_length=2000)
serials = list(set([v.serial for v in visits]))
corrective = []
if serials:
    corrective = frappe.get_all("Support Case", filters=[["serial_no", "in", serials], ["proactive", "=", 0], ["status", "!=", "Cancelled"], ["received_on", ">=", frappe.utils.add_days(start, -90) + " 00:00:00"], ["received_on", "<=", frappe.utils.add_days(end, 90) + " 23:59:59"]], fields=["serial_no as serial", "received_on as date"], order_by="received_on asc", limit_page_length=20000)

ended = [["end_date", ">=", start], ["end_date", "<=", end], ["status", "!=", "Draft"]]
if customers is not None:
    ended.append(["customer", "in", customers])
if seg["plan"]:
    ended.append(["plan", "=", seg["plan"]])
invoice_filters = [["docstatus", "=", 1]] + ([["customer", "in", customers]] if customers is not None else [])
value = frappe.get_all("Sales Invoice", filters=invoice_filters, fields=["customer", "sum(base_grand_total) as total"], group_by="customer", order_by="total desc", limit_page_length=10)
value_all = frappe.get_all("Sales Invoice", filters=invoice_filters, fields=["count(distinct customer) as customers", "sum(base_grand_total) as total"])

snap = frappe.get_all("Customer Metric Snapshot", fields=["max(period_end) as day"])
latest = snap[0].day if snap and snap[0].day else None
risk = []
if latest:
    rf = {"period_end": latest, "at_risk": 1}
    if customers is not None:
        rf["customer"] = ["in", customers]
    risk = frappe.get_all("Customer Metric Snapshot", filters=rf, fields=["customer", "risk_score", "risk_reasons", "segment", "csat_avg", "nps", "revenue"], order_by="risk_score desc", limit_page_length=50)

frappe.response["message"] = {
    "period": {"from": start, "to": end, "previous_from": str(prev_start), "previous_to": str(prev_end)},
    "cases": cube(start, end, CUBE),
    "previous": cube(str(prev_start), str(prev_end), CUBE),
    "agents": cube(start, end, ["assigned_to", "support_level", "status", "sla_policy", "response_breached", "resolution_breached"]),
    "reopened": count("Support Case", case_filters(start, end, [["reopened_count", ">", 0], ["status", "in", ["Resolved", "Closed"]]])),
    "previous_reopened": count("Support Case", case_filters(str(prev_start), str(prev_end), [["reopened_count", ">", 0], ["status", "in", ["Resolved", "Closed"]]])),
    "frt": times(start, end, "first_response_seconds", True),
    "ttr": times(start, end, "resolution_seconds", True),
    "previous_frt": times(str(prev_start), str(prev_end), "first_response_seconds", True),
    "previous_ttr": times(str(prev_start), str(prev_end), "resolution_seconds", True),
    "weeks": weeks,
    "csat": scores(start, end, "csat"),
    "nps": scores(start, end, "nps"),
    "previous_csat": scores(str(prev_start), str(prev_end), "csat"),
    "previous_nps": scores(str(prev_start), str(prev_end), "nps"),
    "agent_surveys": frappe.get_all("Survey Response", filters=survey_filters(start, end) + [["csat", ">", 0]], fields=["agent", "count(name) as n", "sum(csat) as total"], group_by="agent", order_by="agent asc"),
    "months": months,
    "causes": causes,
    "preventive": {"visits": visits, "cases": corrective},
    "retention": {"ended": count("Service Policy", ended), "renewed": count("Service Policy", ended + [["renewed_to", "is", "set"]])},
    "value": {"top": value, "customers": frappe.utils.cint(value_all[0].customers) if value_all else 0, "total": frappe.utils.flt(value_all[0].total) if value_all else 0},
    "risk": {"day": str(latest or ""), "customers": risk},
}
