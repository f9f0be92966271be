# API · postventa.sla.settings_version · GET
# A short fingerprint of everything SLA stamping depends on (SLA policies, support calendars, holiday lists, service
# policies, teams, Postventa Settings): the latest change and the count of each. The companion asks every sweep, so a
# calendar or policy saved while no webhook reaches it (no RQ worker) is applied at the next sweep, not when its cache
# of five minutes runs out. Staff roles only; it reveals no record.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or not ("Postventa Integration" in roles or "System Manager" in roles or "Support Supervisor" in roles or user == "Administrator"):
    frappe.throw("Sin permiso. / Not permitted.", frappe.PermissionError)
parts = []
for doctype in ("SLA Policy", "Support Calendar", "Holiday List", "Service Policy", "Support Team"):
    row = frappe.get_all(doctype, fields=["max(modified) as m", "count(name) as n"], limit_page_length=1)
    first = row[0] if row else {}
    parts.append(doctype + "=" + str(first.get("n") or 0) + "@" + str(first.get("m") or ""))
parts.append("settings@" + str(frappe.db.get_value("Postventa Settings", "Postventa Settings", "modified") or ""))
frappe.response["message"] = "|".join(parts)
