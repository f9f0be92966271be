# API · postventa.sla.stamp · POST
# The companion's SLA stamps for many cases in one call. Written with frappe.db.set_value: no save hooks, no webhook
# back to the companion, and `modified` left alone (an agent editing the case is not told it changed under them; the
# sweep tells what people changed by `modified`). Only the companion's integration user may call it, only the SLA
# facts may be written, and every argument is checked before any write.
ALLOWED = (
    "sla_timeline", "is_vip", "service_policy", "sla_policy", "response_by", "resolution_by", "sla_status",
    "sla_next_check_on", "first_responded_on", "resolved_on", "closed_on", "on_hold_since", "total_hold_seconds",
    "response_breached", "resolution_breached", "first_response_seconds", "resolution_seconds", "support_level",
    "sla_sort_key",
)
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user != "Administrator" and "Postventa Integration" not in roles and "System Manager" not in roles:
    frappe.throw("Solo la integración de Postventa escribe el SLA. / Only Postventa's integration writes SLA facts.", frappe.PermissionError)
rows = frappe.form_dict.get("rows")
if isinstance(rows, str) and len(rows) < 20000000:
    rows = json.loads(rows)
if not isinstance(rows, list) or len(rows) > 1000:
    frappe.throw("rows: una lista de hasta 1000 casos. / rows: a list of up to 1000 cases.")
for row in rows:
    if not isinstance(row, dict) or not isinstance(row.get("name"), str) or len(row.get("name")) > 140:
        frappe.throw("rows: cada fila lleva name y patch. / rows: every row has a name and a patch.")
    patch = row.get("patch")
    if not isinstance(patch, dict) or not patch:
        frappe.throw("rows: cada fila lleva name y patch. / rows: every row has a name and a patch.")
    for key in patch:
        if key not in ALLOWED:
            frappe.throw("patch: el campo " + str(key)[:60] + " no es del SLA. / patch: " + str(key)[:60] + " is not an SLA field.")
        value = patch[key]
        if value is not None and not isinstance(value, (str, int, float)):
            frappe.throw("patch: " + key + " debe ser un texto o un número. / patch: " + key + " must be a text or a number.")
        if isinstance(value, str) and len(value) > 200000:
            frappe.throw("patch: " + key + " es demasiado largo. / patch: " + key + " is too long.")
names = [row["name"] for row in rows]
present = {}
for n in (frappe.get_all("Support Case", filters={"name": ["in", names]}, pluck="name") if names else []):
    present[n] = 1
written = []
failed = []
for row in rows:
    if row["name"] in present:
        frappe.db.set_value("Support Case", row["name"], row["patch"], update_modified=False)
        written.append(row["name"])
    else:
        failed.append(row["name"])
frappe.response["message"] = {"written": len(written), "failed": failed}
