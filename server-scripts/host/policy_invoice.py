# API · postventa.policy.invoice · POST
# A póliza's invoices (seed 000, phase 5), called by the companion's policy-money job (domain/billing/policy.ts
# decides when). kind "period": a period that began opens, in one transaction its usage reset (hours, cases, the
# warning sent) and, when the policy has a price and a billing item, its draft Sales Invoice for the period made.
# kind "renewal", N days before the end: a draft renewal invoice for the next term, a secret link to Postventa's
# renewal page (amount, bank details, "accept the renewal") kept encrypted in the policy's Password field, and the
# e-mail to the policy's report recipients, recorded on the policy. ERPNext makes a Payment Request only for a
# submitted invoice and gives it a URL only through a payment gateway: the accountant makes one from the submitted
# invoice when the site has a gateway. Both are answered with what exists when already done: calling again, from any
# replica, creates nothing twice.
ALLOWED = ("Postventa Integration", "System Manager", "Support Manager")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo la integración o un gerente facturan pólizas. / Only the integration or a manager invoices policies.", frappe.PermissionError)
name = frappe.form_dict.get("policy")
kind = frappe.form_dict.get("kind")
start = frappe.form_dict.get("start")
end = frappe.form_dict.get("end")
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("policy: indique la póliza. / policy: give the policy.")
if kind not in ("period", "renewal"):
    frappe.throw("kind: «period» o «renewal». / kind: 'period' or 'renewal'.")
for label, value in (("start", start), ("end", end)):
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-" or not (value[:4] + value[5:7] + value[8:]).isdigit():
        frappe.throw(label + ": una fecha AAAA-MM-DD. / " + label + ": a YYYY-MM-DD date.")
if end < start:
    frappe.throw("end: el período termina antes de empezar. / end: the period ends before it starts.")
subject = frappe.form_dict.get("subject") or ""
message = frappe.form_dict.get("message") or ""
if not isinstance(subject, str) or len(subject) > 200 or not isinstance(message, str) or len(message) > 200000:
    frappe.throw("subject / message: hasta 200 y 200.000 caracteres. / subject / message: up to 200 and 200,000 characters.")
if not frappe.db.exists("Service Policy", name):
    frappe.throw("Póliza no encontrada. / Policy not found.", frappe.DoesNotExistError)
policy = frappe.get_doc("Service Policy", name)
settings = frappe.get_doc("Postventa Settings", "Postventa Settings")
price = frappe.utils.flt(policy.price)


def make_invoice(es, en):
    if price <= 0 or not policy.billing_item:
        return None
    doc = {
        "doctype": "Sales Invoice",
        "customer": policy.customer,
        "service_policy": name,
        "from_date": start,
        "to_date": end,
        "remarks": (es + " " + name + ", " + start + " a " + end + ". / " + en + " " + name + ", " + start + " to " + end + ".")[:5000],
        "items": [{"item_code": policy.billing_item, "qty": 1, "rate": price, "description": es + " " + name + " " + start + " – " + end}],
    }
    if policy.company or settings.default_company:
        doc["company"] = policy.company or settings.default_company
    terms = frappe.db.get_value("Customer", policy.customer, "payment_terms") or settings.billing_payment_terms
    if terms:
        doc["payment_terms_template"] = terms
    return frappe.get_doc(doc).insert(ignore_permissions=True).name


if kind == "period":
    opened = str(policy.usage_period_start or "")
    if opened and opened[:10] >= start:
        frappe.response["message"] = {"done": 0, "invoice": policy.sales_invoice}
    else:
        if policy.status not in ("Active", "Suspended"):
            frappe.throw("La póliza " + name + " no está vigente. / Policy " + name + " is not in force.")
        values = {"usage_period_start": start, "hours_used": 0, "cases_used": 0, "usage_warning_level": 0}
        invoice = make_invoice("Póliza", "Policy")
        if invoice:
            values["sales_invoice"] = invoice
        frappe.db.set_value("Service Policy", name, values, update_modified=False)
        frappe.response["message"] = {"done": 1, "invoice": invoice}
elif policy.renewal_notice_sent_on or policy.renewed_to:
    frappe.response["message"] = {"done": 0, "invoice": policy.renewal_invoice}
else:
    if policy.status not in ("Active", "Suspended"):
        frappe.throw("La póliza " + name + " no está vigente. / Policy " + name + " is not in force.")
    invoice = make_invoice("Renovación de la póliza", "Renewal of policy")
    token = frappe.utils.generate_hash(length=32)
    link = frappe.utils.get_url("/postventa#/renewal/" + name + "/" + token)
    policy.renewal_token = token
    policy.renewal_notice_sent_on = frappe.utils.nowdate()
    policy.renewal_invoice = invoice
    policy.renewal_payment_url = link
    policy.save(ignore_permissions=True)
    people = [r.strip() for r in str(policy.report_recipients or "").replace(";", ",").replace("\n", ",").split(",") if "@" in r]
    amount = (str(price) + " " + str(policy.currency or "")).strip() if price > 0 else ""
    # The companion's mjml mail (companion/mail/renewal.ts) with `[[link]]` where the link goes; else a plain one.
    content = message.replace("[[link]]", frappe.utils.escape_html(link)) if message else (
        "<p>Su póliza " + frappe.utils.escape_html(name) + " termina el " + str(policy.end_date) + ". "
        + ("La renovación del " + start + " al " + end + " es de " + amount + ". " if amount else "")
        + "Revísela y acéptela aquí: <a href=\"" + link + "\">" + link + "</a></p>"
        + "<p>Your policy " + frappe.utils.escape_html(name) + " ends on " + str(policy.end_date) + ". "
        + ("Renewing it from " + start + " to " + end + " costs " + amount + ". " if amount else "")
        + "Review and accept it here: <a href=\"" + link + "\">" + link + "</a></p>"
    )
    frappe.get_doc({
        "doctype": "Communication",
        "subject": subject or ("Renovación de su póliza " + name + " / Renewal of your policy " + name),
        "content": content,
        "communication_type": "Automated Message",
        "communication_medium": "Email",
        "sent_or_received": "Sent",
        "status": "Linked",
        "recipients": ", ".join(people),
        "reference_doctype": "Service Policy",
        "reference_name": name,
    }).insert(ignore_permissions=True)
    frappe.response["message"] = {"done": 1, "invoice": invoice}
