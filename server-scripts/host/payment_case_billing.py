# DocType Event · Payment Entry · After Submit (also After Cancel)
# A payment (partial or full) against a case's invoice moves the case to Paid once nothing is outstanding, and back
# to Invoiced when a payment is cancelled. ERPNext has already updated the invoice's outstanding amount when this
# runs (its own on_submit); the case is written with set_value, `modified` left alone. A póliza suspended for an
# overdue receivable (postventa.policy.suspension) is lifted in the same transaction once none of its invoices is
# overdue beyond the grace days any more — the rule of domain/billing/policy.ts suspensionChanges.
policies = []
for ref in (doc.get("references") or [])[:100]:
    if ref.get("reference_doctype") != "Sales Invoice":
        continue
    invoice = ref.get("reference_name")
    if not isinstance(invoice, str) or len(invoice) > 140:
        continue
    row = frappe.db.get_value("Sales Invoice", invoice, ["support_case", "service_policy", "outstanding_amount", "docstatus"], as_dict=True)
    if row and row.get("service_policy") and row.get("service_policy") not in policies:
        policies.append(row.get("service_policy"))
    if not row or not row.get("support_case") or row.get("docstatus") != 1:
        continue
    case = row.get("support_case")
    if frappe.db.get_value("Support Case", case, "sales_invoice") != invoice:
        continue
    status = "Paid" if frappe.utils.flt(row.get("outstanding_amount")) <= 0 else "Invoiced"
    frappe.db.set_value("Support Case", case, "billing_status", status, update_modified=False)
if doc.docstatus == 1 and policies:
    grace = frappe.utils.cint(frappe.db.get_single_value("Postventa Settings", "overdue_grace_days"))
    cutoff = frappe.utils.add_days(frappe.utils.nowdate(), -max(0, grace))
    for policy in policies[:20]:
        if frappe.db.get_value("Service Policy", policy, "status") != "Suspended":
            continue
        overdue = frappe.get_all(
            "Sales Invoice",
            filters={"service_policy": policy, "docstatus": 1, "outstanding_amount": [">", 0], "due_date": ["<", cutoff]},
            pluck="name",
            limit=1,
        )
        if not overdue:
            frappe.db.set_value("Service Policy", policy, {"status": "Active", "suspended_since": None, "suspension_reason": None}, update_modified=False)
