# API · postventa.portal.case · POST
# A portal customer opens a case (issue 16): for one of the customers their User Permissions name, on one of that
# customer's serials (the product is the serial's item) or a product of their choosing, with what happens and how
# much it affects them (severity; the priority is the agents' call). The case comes in through the Portal channel,
# raised by the user and with their Contact when they have one; the companion gives it its SLA like any new case.
# Refused when the setting `allow_portal_case_creation` is off (some companies take cases only through their call
# centre), and — by the Before Insert script case_block_suspended.py — while the customer's póliza is suspended.
# Arguments are checked for type and length before any query.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
args = frappe.form_dict
customer = args.get("customer") or ""
subject = args.get("subject")
symptom = args.get("symptom")
serial = args.get("serial_no") or ""
product = args.get("product") or ""
module = args.get("module") or ""
severity = args.get("severity") or "S3"
if not isinstance(customer, str) or len(customer) > 140:
    frappe.throw("Cliente: un nombre de hasta 140 caracteres. / Customer: a name of up to 140 characters.")
if not isinstance(subject, str) or not subject.strip() or len(subject.strip()) > 140:
    frappe.throw("Asunto: escriba un asunto de hasta 140 caracteres. / Subject: write a subject of up to 140 characters.")
if not isinstance(symptom, str) or not symptom.strip() or len(symptom) > 20000:
    frappe.throw("Qué ocurre: describa el problema (hasta 20.000 caracteres). / What happens: describe the problem (up to 20,000 characters).")
if not isinstance(serial, str) or len(serial) > 140:
    frappe.throw("Número de serie: hasta 140 caracteres. / Serial number: up to 140 characters.")
if not isinstance(product, str) or len(product) > 140:
    frappe.throw("Producto: un código de hasta 140 caracteres. / Product: a code of up to 140 characters.")
if not isinstance(module, str) or len(module) > 140:
    frappe.throw("Módulo: hasta 140 caracteres. / Module: up to 140 characters.")
if severity not in ("S1", "S2", "S3", "S4"):
    frappe.throw("Impacto: elija uno de la lista. / Impact: choose one from the list.")
if not frappe.db.get_single_value("Postventa Settings", "allow_portal_case_creation"):
    frappe.throw("Su proveedor recibe los casos por su mesa de ayuda, no por el portal. / Your provider takes cases through its help desk, not the portal.", frappe.PermissionError)
mine = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
if not customer and len(mine) == 1:
    customer = mine[0]
if not customer or customer not in mine:
    frappe.throw("Cliente: elija una de sus empresas. / Customer: choose one of your companies.", frappe.PermissionError)
if serial:
    row = frappe.db.get_value("Serial No", serial, ["name", "item_code", "customer"], as_dict=True)
    if not row or row.customer != customer:
        frappe.throw("Número de serie: no es un equipo de " + customer + ". / Serial number: not equipment of " + customer + ".")
    product = row.item_code or product
if product and not frappe.db.exists("Item", product):
    frappe.throw("Producto: no lo encontramos. / Product: not found.")
contact = frappe.db.get_value("Contact", {"user": user}, "name") or frappe.db.get_value("Contact", {"email_id": user}, "name")
html = "<p>" + frappe.utils.escape_html(symptom.strip()).replace("\n", "<br>") + "</p>"
case = {
    "doctype": "Support Case",
    "subject": subject.strip(),
    "symptom": html,
    "customer": customer,
    "channel": "Portal",
    "severity": severity,
    "raised_by": user,
}
if contact:
    case["contact"] = contact
if serial:
    case["serial_no"] = serial
if product:
    case["product"] = product
if module.strip():
    case["module"] = module.strip()
doc = frappe.get_doc(case).insert(ignore_permissions=True)
frappe.response["message"] = {"name": doc.name, "status": doc.status}
