# DocType Event · Support Case · Before Save
# A case's record stays true: a Closed or Cancelled case is not edited any more (only reopened), and a serial number
# delivered to another customer is not taken for this customer's case. Messages name the field, in Spanish and
# English. SLA facts are written by the companion without save hooks, so they never pass here.
FROZEN = ("subject", "symptom", "diagnosis", "solution", "customer", "product", "serial_no", "case_type", "priority", "severity", "support_level", "team", "assigned_to", "close_reason")
if doc.name and frappe.db.exists("Support Case", doc.name):
    before = frappe.db.get_value("Support Case", doc.name, ["status"] + list(FROZEN), as_dict=True) or {}
    if before.get("status") in ("Closed", "Cancelled") and doc.status in ("Closed", "Cancelled"):
        for field in FROZEN:
            old = before.get(field) or ""
            new = doc.get(field) or ""
            if str(old) != str(new):
                frappe.throw("El caso " + doc.name + " está cerrado: reábralo para cambiar " + field + ". / Case " + doc.name + " is closed: reopen it to change " + field + ".", frappe.ValidationError)
if doc.serial_no and doc.customer:
    owner = frappe.db.get_value("Serial No", doc.serial_no, "customer")
    if owner and owner != doc.customer:
        frappe.throw("Número de serie: " + str(doc.serial_no) + " fue entregado a otro cliente, no a " + str(doc.customer) + ". / Serial no: " + str(doc.serial_no) + " was delivered to another customer, not to " + str(doc.customer) + ".", frappe.ValidationError)
