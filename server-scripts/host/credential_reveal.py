# API · postventa.credential.reveal
# Shows a vault credential to a support user, or to the customer's own portal users when it is marked visible and
# the portal allows it; every reveal writes a Credential Access Log entry (seed 000, phases 2 and 4).
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
name = frappe.form_dict.get("name")
if not isinstance(name, str) or not name or len(name) > 140 or not frappe.db.exists("Customer Credential", name):
    frappe.throw("Credencial no encontrada. / Credential not found.", frappe.DoesNotExistError)
cred = frappe.get_doc("Customer Credential", name)
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
staff = user == "Administrator" or any(r in ("Support Agent", "Support Supervisor", "Support Manager", "System Manager") for r in roles)
if not staff:
    portal_ok = frappe.db.get_single_value("Postventa Settings", "show_credentials_in_portal")
    own = frappe.db.exists("User Permission", {"user": user, "allow": "Customer", "for_value": cred.customer})
    if not (cred.visible_to_customer and portal_ok and own):
        frappe.throw("No tiene permiso para ver esta credencial. / You are not allowed to see this credential.", frappe.PermissionError)
purpose = frappe.form_dict.get("purpose") or ""
if not isinstance(purpose, str) or len(purpose) > 500:
    frappe.throw("purpose: un texto de hasta 500 caracteres. / purpose: a text of up to 500 characters.")
now = frappe.utils.now()
ip = ""
if frappe.request:
    ip = (frappe.request.headers.get("X-Forwarded-For") or frappe.request.remote_addr or "").split(",")[0].strip()[:45]
frappe.get_doc(
    {"doctype": "Credential Access Log", "credential": cred.name, "customer": cred.customer, "user": user, "accessed_on": now, "purpose": purpose, "ip_address": ip}
).insert(ignore_permissions=True)
frappe.db.set_value("Customer Credential", cred.name, "last_revealed_on", now, update_modified=False)
frappe.response["message"] = {"system": cred.system, "url": cred.url, "username": cred.get_password("username", raise_exception=False) or "", "password": cred.get_password("password", raise_exception=False)}
