# DocType Event · Sales Invoice · After Submit (also After Cancel)
# A case's billing status follows its invoice in the same transaction: submitted → Invoiced (Paid when nothing is
# outstanding), cancelled → the case is un-billed (its invoice link cleared, so it can be invoiced again). Written
# with set_value: the case's `modified` is left alone. Only invoices made for a case (support_case) are looked at.
case = doc.get("support_case")
if case and isinstance(case, str) and len(case) <= 140 and frappe.db.exists("Support Case", case):
    linked = frappe.db.get_value("Support Case", case, "sales_invoice")
    if doc.docstatus == 2:
        if linked == doc.name:
            frappe.db.set_value("Support Case", case, {"sales_invoice": None, "billing_status": "To Bill"}, update_modified=False)
    elif doc.docstatus == 1:
        paid = frappe.utils.flt(doc.outstanding_amount) <= 0
        frappe.db.set_value("Support Case", case, {"sales_invoice": doc.name, "billing_status": "Paid" if paid else "Invoiced"}, update_modified=False)
