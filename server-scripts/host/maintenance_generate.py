# API · postventa.maintenance.generate · POST
# Preventive maintenance (seed 000, phase 1), called by the companion's maintenance job with what is due
# (domain/maintenance/schedule.ts dueOccurrences), up to 200 at a time. For each: the Maintenance Occurrence (its key
# policy|serial|date is unique, so two replicas make it once), a proactive Support Case (channel "Maintenance plan",
# linked to the occurrence, serial and policy) and a proposed Service Visit on that day, and the equipment row's
# cursor moved to the next date — all in this request's transaction. An occurrence that exists already is skipped
# and only the cursor moves. Each argument is checked before any query.
ALLOWED = ("Postventa Integration", "System Manager", "Support Manager")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo la integración o un gerente generan mantenciones. / Only the integration or a manager generates maintenance.", frappe.PermissionError)
items = frappe.form_dict.get("items")
if isinstance(items, str) and len(items) < 2000000:
    items = json.loads(items)
if not isinstance(items, list) or len(items) > 200:
    frappe.throw("items: hasta 200 mantenciones. / items: up to 200 maintenance dates.")


def is_date(v):
    return isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-" and (v[:4] + v[5:7] + v[8:]).isdigit()


clean = []
for i, it in enumerate(items):
    at = "items[" + str(i) + "]"
    if not isinstance(it, dict):
        frappe.throw(at + ": cada mantención es un objeto. / " + at + ": every item is an object.")
    for f in ("policy", "row", "serial_no"):
        v = it.get(f)
        if not isinstance(v, str) or not v or len(v) > 140:
            frappe.throw(at + "." + f + ": un texto de hasta 140 caracteres. / " + at + "." + f + ": a text of up to 140 characters.")
    if not is_date(it.get("due")) or (it.get("next") is not None and not is_date(it.get("next"))):
        frappe.throw(at + ".due / next: fechas AAAA-MM-DD. / " + at + ".due / next: YYYY-MM-DD dates.")
    clean.append(it)
made = []
skipped = []
for it in clean:
    policy = frappe.db.get_value("Service Policy", it["policy"], ["name", "customer", "status", "company"], as_dict=True)
    row = frappe.db.get_value("Policy Equipment", {"name": it["row"], "parent": it["policy"], "parenttype": "Service Policy"}, ["name", "serial_no", "item", "location", "next_maintenance_on"], as_dict=True)
    # A row that changed meanwhile (policy no longer active, the serial replaced or gone) is skipped, not fatal.
    if not policy or policy.status != "Active" or not row or row.serial_no != it["serial_no"] or not frappe.db.exists("Serial No", row.serial_no):
        skipped.append(it["policy"] + "|" + it["serial_no"] + "|" + it["due"])
        continue
    key = it["policy"] + "|" + it["serial_no"] + "|" + it["due"]
    if frappe.db.exists("Maintenance Occurrence", {"occurrence_key": key}):
        skipped.append(key)
    else:
        occurrence = frappe.get_doc({
            "doctype": "Maintenance Occurrence",
            "service_policy": it["policy"],
            "customer": policy.customer,
            "serial_no": row.serial_no,
            "scheduled_date": it["due"],
            "occurrence_key": key,
            "status": "Case Created",
        }).insert(ignore_permissions=True)
        what = (row.item or "") + " " + row.serial_no
        case = frappe.get_doc({
            "doctype": "Support Case",
            "subject": ("Mantención preventiva " + what + " (" + it["due"] + ")")[:140],
            "symptom": "Mantención preventiva programada para el " + it["due"] + " según la póliza " + it["policy"] + ". / Preventive maintenance due on " + it["due"] + " under policy " + it["policy"] + ".",
            "customer": policy.customer,
            "serial_no": row.serial_no,
            "product": row.item,
            "service_policy": it["policy"],
            "channel": "Maintenance plan",
            "proactive": 1,
            "maintenance_occurrence": occurrence.name,
        }).insert(ignore_permissions=True)
        visit = frappe.get_doc({
            "doctype": "Service Visit",
            "status": "Proposed",
            "customer": policy.customer,
            "support_case": case.name,
            "maintenance_occurrence": occurrence.name,
            "serial_no": row.serial_no,
            "scheduled_start": it["due"] + " 09:00:00",
            "scheduled_end": it["due"] + " 11:00:00",
            "location": row.location or "",
        }).insert(ignore_permissions=True)
        frappe.db.set_value("Maintenance Occurrence", occurrence.name, {"support_case": case.name, "service_visit": visit.name}, update_modified=False)
        frappe.db.set_value("Policy Equipment", row.name, "open_occurrence", occurrence.name, update_modified=False)
        made.append({"key": key, "occurrence": occurrence.name, "case": case.name, "visit": visit.name})
    # The cursor moves only forward: a late or repeated call never takes it back.
    if not row.next_maintenance_on or str(row.next_maintenance_on)[:10] <= it["due"]:
        frappe.db.set_value("Policy Equipment", row.name, "next_maintenance_on", it.get("next"), update_modified=False)
# The policy shows its next maintenance: the earliest cursor of its equipment.
for name in sorted(set([it["policy"] for it in clean]))[:200]:
    nexts = [str(r.next_maintenance_on)[:10] for r in frappe.get_all("Policy Equipment", filters={"parent": name, "parenttype": "Service Policy"}, fields=["next_maintenance_on"], limit=500) if r.next_maintenance_on]
    frappe.db.set_value("Service Policy", name, "next_maintenance_on", min(nexts) if nexts else None, update_modified=False)
frappe.response["message"] = {"made": made, "skipped": skipped}
