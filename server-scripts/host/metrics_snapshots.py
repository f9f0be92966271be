# API · postventa.metrics.snapshots · POST
# The nightly Customer Metric Snapshot (issue 17), written by the companion's customer-metrics job, up to 500
# customers per call: one snapshot per customer and day (its key "customer|day" is unique, so a second run or a
# second replica writes nothing). A customer who enters the risk list with it (`alert`) gets, once, a Customer
# Interaction with a follow-up today, so their account manager has the task (interaction_follow_up.py). Only the
# integration writes; every value is checked for type and size before any query.
ALLOWED = ("Postventa Integration", "System Manager")
INTS = ("cases_opened", "cases_resolved", "contacts", "proactive_contacts", "reactive_contacts", "recurring_problem_cases", "surveys_answered", "breaches_this_month", "overdue_invoices", "open_escalations", "risk_score")
FLOATS = ("hours_consumed", "avg_first_response_minutes", "avg_resolution_minutes", "first_contact_resolution_rate", "sla_compliance_percent", "csat_avg", "nps", "revenue")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo la integración escribe las métricas. / Only the integration writes the metrics.", frappe.PermissionError)
items = frappe.form_dict.get("items")
if isinstance(items, str) and len(items) < 5000000:
    items = json.loads(items)
if not isinstance(items, list) or len(items) > 500:
    frappe.throw("items: hasta 500 clientes. / items: up to 500 customers.")


def is_day(v):
    return isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" and (v[:4] + v[5:7] + v[8:]).isdigit()


clean = []
for i, it in enumerate(items):
    at = "items[" + str(i) + "]"
    if not isinstance(it, dict):
        frappe.throw(at + ": cada cliente es un objeto. / " + at + ": every customer is an object.")
    c = {}
    customer = it.get("customer")
    if not isinstance(customer, str) or not customer or len(customer) > 140:
        frappe.throw(at + ".customer: el cliente. / " + at + ".customer: the customer.")
    for f in ("period_start", "period_end"):
        if not is_day(it.get(f)):
            frappe.throw(at + "." + f + ": una fecha AAAA-MM-DD. / " + at + "." + f + ": a YYYY-MM-DD date.")
        c[f] = it.get(f)
    for f in INTS:
        v = it.get(f)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 100000000):
            frappe.throw(at + "." + f + ": un entero. / " + at + "." + f + ": an integer.")
        c[f] = v or 0
    for f in FLOATS:
        v = it.get(f)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or abs(v) > 1000000000000):
            frappe.throw(at + "." + f + ": un número. / " + at + "." + f + ": a number.")
        c[f] = v
    for f, most in (("segment", 140), ("risk_reasons", 2000)):
        v = it.get(f)
        if v is not None and (not isinstance(v, str) or len(v) > most):
            frappe.throw(at + "." + f + ": hasta " + str(most) + " caracteres. / " + at + "." + f + ": up to " + str(most) + " characters.")
        c[f] = v
    if not isinstance(it.get("at_risk", False), bool) or not isinstance(it.get("alert", False), bool):
        frappe.throw(at + ": at_risk y alert son verdadero o falso. / " + at + ": at_risk and alert are true or false.")
    c["customer"] = customer
    c["at_risk"] = 1 if it.get("at_risk") else 0
    c["alert"] = bool(it.get("alert")) and c["at_risk"] == 1
    clean.append(c)

made = []
skipped = []
alerts = []
for c in clean:
    key = c["customer"] + "|" + c["period_end"]
    if frappe.db.exists("Customer Metric Snapshot", {"snapshot_key": key}) or not frappe.db.exists("Customer", c["customer"]):
        skipped.append(key)
        continue
    alert = c.pop("alert")
    doc = frappe.get_doc(dict(c, doctype="Customer Metric Snapshot", snapshot_key=key, alerted=1 if alert else 0)).insert(ignore_permissions=True)
    made.append(doc.name)
    if alert:
        owner = frappe.db.get_value("Customer", c["customer"], "account_manager")
        if not owner or not frappe.db.exists("User", owner):
            managers = frappe.get_all("Has Role", filters={"role": "Support Manager", "parenttype": "User", "parent": ["not in", ["Administrator", "Guest"]]}, pluck="parent", limit=1)
            owner = managers[0] if managers else frappe.session.user
        frappe.get_doc({
            "doctype": "Customer Interaction",
            "customer": c["customer"],
            "interaction_date": frappe.utils.now(),
            "interaction_type": "Follow-up",
            "direction": "Outbound",
            "proactive": 1,
            "reason": ("Cliente en riesgo (" + str(c["risk_score"]) + "/100): llamar y acordar un plan / Customer at risk: call, agree a plan")[:140],
            "summary": c["risk_reasons"] or "—",
            "outcome": "Alerta de riesgo / Risk alert",
            "user": owner,
            "notice_key": "risk|" + key,
            "next_follow_up": frappe.utils.today(),
        }).insert(ignore_permissions=True)
        alerts.append(c["customer"])
frappe.response["message"] = {"made": len(made), "skipped": len(skipped), "alerts": alerts}
