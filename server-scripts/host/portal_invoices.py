# API · postventa.portal.invoices · GET
# A portal customer's invoices, read only (issue 16): the submitted Sales Invoices of the customers their User
# Permissions name (never a draft, never a cancelled one), newest first, with what is still owed and when it falls
# due, and how to pay — the payment link of the póliza's renewal or of the invoice's Payment Request when the site
# made one, and the bank details from the settings. Portal users hold no permission on Sales Invoice itself.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
invoices = []
if customers:
    invoices = frappe.get_all(
        "Sales Invoice",
        filters={"customer": ["in", customers], "docstatus": 1},
        fields=["name", "customer", "posting_date", "due_date", "currency", "grand_total", "outstanding_amount", "status", "service_policy", "support_case"],
        order_by="posting_date desc",
        limit=100,
    )
links = {}
names = [i.name for i in invoices]
if names:
    for p in frappe.get_all("Service Policy", filters={"renewal_invoice": ["in", names]}, fields=["renewal_invoice", "renewal_payment_url"], limit=100):
        if p.renewal_payment_url:
            links[p.renewal_invoice] = p.renewal_payment_url
    for pr in frappe.get_all(
        "Payment Request",
        filters={"reference_doctype": "Sales Invoice", "reference_name": ["in", names], "docstatus": 1, "status": ["not in", ["Paid", "Cancelled"]]},
        fields=["reference_name", "payment_url"],
        limit=100,
    ):
        if pr.payment_url and pr.reference_name not in links:
            links[pr.reference_name] = pr.payment_url
today = frappe.utils.nowdate()
for i in invoices:
    i["payment_url"] = links.get(i.name) if (i.outstanding_amount or 0) > 0 else None
    i["overdue"] = bool((i.outstanding_amount or 0) > 0 and i.due_date and str(i.due_date) < today)
frappe.response["message"] = {
    "invoices": invoices,
    "bank_details": frappe.db.get_single_value("Postventa Settings", "renewal_bank_details") or "",
}
