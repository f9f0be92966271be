# API · postventa.case.confirmation_link · POST
# The confirmation link's secret of a resolved case, for support staff (the case page shows it and the resolution
# e-mail carries it). The secret is made by the host ("Postventa - Token de confirmación") and kept encrypted.
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
name = frappe.form_dict.get("case")
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
staff = user == "Administrator" or any(r in ("Support Agent", "Support Supervisor", "Support Manager", "System Manager", "Postventa Integration") for r in roles)
if not staff:
    frappe.throw("No tiene permiso para ver este enlace. / You are not allowed to see this link.", frappe.PermissionError)
if not frappe.db.exists("Support Case", name):
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
case = frappe.get_doc("Support Case", name)
token = ""
if case.status == "Resolved" and not case.customer_confirmed_on:
    token = case.get_password("confirmation_token", raise_exception=False) or ""
frappe.response["message"] = {"case": case.name, "token": token}
