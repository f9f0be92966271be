# API · postventa.policy.suspension · POST
# Suspends and lifts pólizas for overdue receivables (seed 000, phase 5), as the companion's policy-money job
# decided them (domain/billing/policy.ts suspensionChanges): up to 500 changes per call, so a sweep over 10,000
# policies needs a handful of requests. Each change is checked again against the policy's current status (only an
# Active policy is suspended, only a Suspended one lifted), so a replayed call changes nothing twice. Portal case
# creation is refused while suspended ("Postventa - Bloqueo por póliza suspendida").
ALLOWED = ("Postventa Integration", "System Manager", "Support Manager")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo la integración o un gerente suspenden pólizas. / Only the integration or a manager suspends policies.", frappe.PermissionError)
changes = frappe.form_dict.get("changes")
if isinstance(changes, str) and len(changes) < 2000000:
    changes = json.loads(changes)
if not isinstance(changes, list) or len(changes) > 500:
    frappe.throw("changes: hasta 500 cambios. / changes: up to 500 changes.")
clean = []
for i, c in enumerate(changes):
    where = "changes[" + str(i) + "]"
    if not isinstance(c, dict):
        frappe.throw(where + ": cada cambio es un objeto. / " + where + ": every change is an object.")
    name = c.get("policy")
    suspend = c.get("suspend")
    reason = c.get("reason") or ""
    if not isinstance(name, str) or not name or len(name) > 140:
        frappe.throw(where + ".policy: indique la póliza. / " + where + ".policy: give the policy.")
    if suspend not in (True, False, 0, 1):
        frappe.throw(where + ".suspend: 1 suspende, 0 levanta. / " + where + ".suspend: 1 suspends, 0 lifts.")
    if not isinstance(reason, str) or len(reason) > 1000:
        frappe.throw(where + ".reason: hasta 1.000 caracteres. / " + where + ".reason: up to 1,000 characters.")
    clean.append({"policy": name, "suspend": bool(suspend), "reason": reason})
names = [c["policy"] for c in clean]
status = {}
if names:
    for r in frappe.get_all("Service Policy", filters={"name": ["in", names]}, fields=["name", "status"], limit=500):
        status[r.name] = r.status
suspended = []
lifted = []
now = frappe.utils.now()
for c in clean:
    current = status.get(c["policy"])
    if c["suspend"] and current == "Active":
        frappe.db.set_value("Service Policy", c["policy"], {"status": "Suspended", "suspended_since": now, "suspension_reason": c["reason"]}, update_modified=False)
        suspended.append(c["policy"])
    elif not c["suspend"] and current == "Suspended":
        frappe.db.set_value("Service Policy", c["policy"], {"status": "Active", "suspended_since": None, "suspension_reason": None}, update_modified=False)
        lifted.append(c["policy"])
frappe.response["message"] = {"suspended": suspended, "lifted": lifted}
