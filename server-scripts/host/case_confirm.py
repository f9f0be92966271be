# API · postventa.case.confirm · allow guest
# The customer validates a resolution from the link they received (seed 003 "Pasos para Cerrar un Caso"): solved=1
# stamps the confirmation; solved=0 reopens the case with their comment. The token is the case's confirmation_token.
token = frappe.form_dict.get("token")
rows = frappe.get_all("Support Case", filters={"confirmation_token": token}, fields=["name", "status"], limit=1) if token else []
if not rows:
    frappe.throw("Caso no encontrado: el enlace no es válido. / Case not found: the link is not valid.", frappe.DoesNotExistError)
case = frappe.get_doc("Support Case", rows[0].name)
solved = frappe.utils.cint(frappe.form_dict.get("solved", 1))
comment = frappe.utils.cstr(frappe.form_dict.get("comment"))[:2000]
if case.status not in ("Resolved", "Closed"):
    frappe.throw("El caso {0} todavía no está resuelto. / Case {0} is not resolved yet.".format(case.name))
if solved:
    if not case.customer_confirmed_on:
        frappe.db.set_value("Support Case", case.name, "customer_confirmed_on", frappe.utils.now())
    frappe.response["message"] = {"ok": True, "case": case.name, "status": case.status}
else:
    if case.status == "Closed":
        frappe.throw("El caso {0} ya está cerrado; abra uno nuevo. / Case {0} is already closed; please open a new one.".format(case.name))
    case.status = "Open"
    case.save(ignore_permissions=True)
    frappe.get_doc(
        {"doctype": "Comment", "comment_type": "Comment", "reference_doctype": "Support Case", "reference_name": case.name,
         "content": "El cliente indica que el problema no está resuelto / The customer says it is not solved: " + comment}
    ).insert(ignore_permissions=True)
    frappe.response["message"] = {"ok": True, "case": case.name, "status": "Open"}
