# API · postventa.portal.case_detail · GET
# One case as its customer reads it (issue 16): what they reported, the promise in time, the solution and whether
# they confirmed it — for the user who opened it, or a customer manager (role Support Customer Manager) of the
# case's customer; anyone else is told it does not exist. Never an agent's field (assignee, level, costs, notes).
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
name = frappe.form_dict.get("case")
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
row = frappe.db.get_value(
    "Support Case",
    name,
    ["name", "subject", "status", "received_on", "symptom", "solution", "response_by", "resolution_by", "first_responded_on", "resolved_on", "customer_confirmed_on", "customer", "owner", "serial_no", "product"],
    as_dict=True,
)
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
if not row or row.customer not in customers or (row.owner != user and "Support Customer Manager" not in roles):
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
row["mine"] = row.owner == user
row["owner"] = None
frappe.response["message"] = row
