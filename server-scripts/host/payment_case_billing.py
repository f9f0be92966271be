# DocType Event · Payment Entry · After Submit (also After Cancel)
# A payment (partial or full) against a case's invoice moves the case to Paid once nothing is outstanding, and back
# to Invoiced when a payment is cancelled. ERPNext has already updated the invoice's outstanding amount when this
# runs (its own on_submit); the case is written with set_value, `modified` left alone.
for ref in (doc.get("references") or [])[:100]:
    if ref.get("reference_doctype") != "Sales Invoice":
        continue
    invoice = ref.get("reference_name")
    if not isinstance(invoice, str) or len(invoice) > 140:
        continue
    row = frappe.db.get_value("Sales Invoice", invoice, ["support_case", "outstanding_amount", "docstatus"], as_dict=True)
    if not row or not row.get("support_case") or row.get("docstatus") != 1:
        continue
    case = row.get("support_case")
    if frappe.db.get_value("Support Case", case, "sales_invoice") != invoice:
        continue
    status = "Paid" if frappe.utils.flt(row.get("outstanding_amount")) <= 0 else "Invoiced"
    frappe.db.set_value("Support Case", case, "billing_status", status, update_modified=False)
