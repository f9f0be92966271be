# API · postventa.portal.resolution · POST
# A portal customer answers the resolution of their own case from its page (issue 16; the signed-in twin of the
# e-mailed link, case_confirm.py): solved=1 stamps the confirmation; solved=0 reopens the case, counts the reopening
# and keeps what they said as a message received on the case (agents and the customer both read it). Only on a case
# the user may read (their own, or any of their customer's as a customer manager), only while it is Resolved
# and not yet confirmed. Arguments are checked for type and length before any query.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
name = frappe.form_dict.get("case")
solved_raw = frappe.form_dict.get("solved")
comment = frappe.form_dict.get("comment") or ""
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
if solved_raw in (1, "1", True, "true"):
    solved = True
elif solved_raw in (0, "0", False, "false"):
    solved = False
else:
    frappe.throw("solved: indique 1 (resuelto) o 0 (no resuelto). / solved: give 1 (solved) or 0 (not solved).")
if not isinstance(comment, str) or len(comment) > 2000:
    frappe.throw("Comentario: hasta 2.000 caracteres. / Comment: up to 2,000 characters.")
if not solved and not comment.strip():
    frappe.throw("Comentario: cuéntenos qué sigue sin funcionar. / Comment: tell us what still does not work.")
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
seen = frappe.db.get_value("Support Case", name, ["customer", "owner"], as_dict=True)
if not seen or seen.customer not in customers or (seen.owner != user and "Support Customer Manager" not in roles):
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
case = frappe.get_doc("Support Case", name)
if case.status != "Resolved":
    frappe.throw("El caso no está resuelto: no hay solución que confirmar. / The case is not resolved: there is no solution to confirm.")
if case.customer_confirmed_on:
    frappe.throw("Ya confirmó esta solución. / You already confirmed this solution.")
if solved:
    frappe.db.set_value("Support Case", case.name, "customer_confirmed_on", frappe.utils.now())
    frappe.response["message"] = {"case": case.name, "status": case.status, "confirmed": True}
else:
    case.status = "Open"
    case.save(ignore_permissions=True)
    frappe.get_doc({
        "doctype": "Communication",
        "communication_type": "Communication",
        "communication_medium": "Other",
        "sent_or_received": "Received",
        "subject": ("Re: " + str(case.subject or case.name))[:300],
        "content": "<p>" + frappe.utils.escape_html(comment.strip()).replace("\n", "<br>") + "</p>",
        "sender": user,
        "reference_doctype": "Support Case",
        "reference_name": case.name,
        "status": "Linked",
    }).insert(ignore_permissions=True)
    frappe.response["message"] = {"case": case.name, "status": "Open", "confirmed": False}
