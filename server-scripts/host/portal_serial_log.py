# API · postventa.portal.serial_log · GET
# The service log of one of the customer's serials (seed 000 phase 2 "Inventario Protegido", issue 16): its cases
# (the user's own, or all of them for a customer manager) and its field visits, newest first — what was done, by
# which technician, whether the customer signed — for a portal user whose User Permissions name the serial's
# customer; anyone else is told it does not exist. Arguments are checked for type and length before any query.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
serial = frappe.form_dict.get("serial_no")
if not isinstance(serial, str) or not serial or len(serial) > 140:
    frappe.throw("Número de serie: indique el equipo. / Serial number: give the equipment.")
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
owner = frappe.db.get_value("Serial No", serial, "customer")
if not owner or owner not in customers:
    frappe.throw("Equipo no encontrado. / Equipment not found.", frappe.DoesNotExistError)
filters = {"serial_no": serial, "customer": owner}
if "Support Customer Manager" not in roles:
    filters["owner"] = user
cases = frappe.get_all(
    "Support Case",
    filters=filters,
    fields=["name", "subject", "status", "received_on", "resolved_on"],
    order_by="received_on desc",
    limit=100,
)
visits = frappe.get_all(
    "Service Visit",
    filters={"serial_no": serial, "customer": owner, "status": ["not in", ["Cancelled"]]},
    fields=["name", "status", "scheduled_start", "finished_on", "technician_name", "signed_by", "support_case", "maintenance_occurrence"],
    order_by="scheduled_start desc",
    limit=100,
)
frappe.response["message"] = {"serial_no": serial, "cases": cases, "visits": visits}
