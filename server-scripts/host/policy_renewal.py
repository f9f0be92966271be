# API · postventa.policy.renewal · allow guest · POST
# The renewal page (seed 000, phase 5) from the link e-mailed to the customer: action "view" answers what is
# renewed (the term, the amount, how to pay: the invoice and the bank details of the settings); action "accept"
# creates the next policy — the same plan, allowances, equipment and recipients, from the day after the current one
# ends, Draft until that day (the policy-money job activates it) — linked both ways, and moves the renewal invoice
# to it. The link names the policy and carries the secret made by "postventa.policy.invoice" (kind renewal), kept encrypted
# and compared here as a string; every argument is checked before any query, and accepting twice creates nothing.
TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
name = frappe.form_dict.get("policy")
token = frappe.form_dict.get("token")
action = frappe.form_dict.get("action") or "view"
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("El enlace no es válido. / The link is not valid.", frappe.DoesNotExistError)
if not isinstance(token, str) or len(token) < 16 or len(token) > 128 or any(ch not in TOKEN_CHARS for ch in token):
    frappe.throw("El enlace no es válido. / The link is not valid.", frappe.DoesNotExistError)
if action not in ("view", "accept"):
    frappe.throw("action: «view» o «accept». / action: 'view' or 'accept'.")
if not frappe.db.exists("Service Policy", name):
    frappe.throw("El enlace no es válido. / The link is not valid.", frappe.DoesNotExistError)
policy = frappe.get_doc("Service Policy", name)
if (policy.get_password("renewal_token", raise_exception=False) or "") != token:
    frappe.throw("El enlace no es válido. / The link is not valid.", frappe.DoesNotExistError)
invoice = frappe.db.get_value("Sales Invoice", policy.renewal_invoice, ["name", "grand_total", "currency", "docstatus", "outstanding_amount", "due_date"], as_dict=True) if policy.renewal_invoice else None
start = frappe.utils.add_days(policy.end_date, 1)
end = frappe.utils.add_days(start, max(0, frappe.utils.date_diff(policy.end_date, policy.start_date)))
if invoice and invoice.get("docstatus") != 2:
    row = frappe.get_all("Sales Invoice", filters={"name": invoice.name}, fields=["from_date", "to_date"], limit=1)
    if row and row[0].from_date and row[0].to_date:
        start = row[0].from_date
        end = row[0].to_date
renewed = policy.renewed_to
if action == "accept" and not renewed:
    if policy.status not in ("Active", "Suspended", "Expired"):
        frappe.throw("La póliza " + name + " no se puede renovar. / Policy " + name + " cannot be renewed.")
    fields = ("customer", "plan", "company", "vip", "sla_policy", "period", "allowance_hours", "allowance_cases",
              "maintenance_interval_months", "maintenance_lead_days", "price", "currency", "billing_item", "auto_renew",
              "report_recipients", "whatsapp_number")
    doc = {"doctype": "Service Policy", "status": "Draft", "start_date": str(start)[:10], "end_date": str(end)[:10], "renewed_from": name}
    for f in fields:
        if policy.get(f) is not None:
            doc[f] = policy.get(f)
    doc["equipment"] = [{"serial_no": e.serial_no, "item": e.item, "location": e.location, "last_serviced_on": e.last_serviced_on} for e in (policy.get("equipment") or [])]
    made = frappe.get_doc(doc).insert(ignore_permissions=True)
    frappe.db.set_value("Service Policy", name, "renewed_to", made.name, update_modified=False)
    if invoice and invoice.get("docstatus") != 2:
        frappe.db.set_value("Sales Invoice", invoice.name, "service_policy", made.name, update_modified=False)
    renewed = made.name
frappe.response["message"] = {
    "policy": name,
    "customer": frappe.db.get_value("Customer", policy.customer, "customer_name") or policy.customer,
    "plan": policy.plan,
    "ends": str(policy.end_date or "")[:10],
    "start": str(start)[:10],
    "end": str(end)[:10],
    "amount": frappe.utils.flt(invoice.get("grand_total")) if invoice else frappe.utils.flt(policy.price),
    "currency": (invoice.get("currency") if invoice else None) or policy.currency,
    "invoice": invoice.name if invoice and invoice.get("docstatus") != 2 else None,
    "bank_details": frappe.db.get_single_value("Postventa Settings", "renewal_bank_details") or "",
    "renewed_to": renewed,
}
