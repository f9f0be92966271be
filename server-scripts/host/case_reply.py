# API · postventa.case.reply · POST
# A reply to the customer from the desk. It is always stored as a Communication on the case (the timeline shows
# it); it is e-mailed only when the site has an outgoing Email Account. Frappe's email.make answers 501 and stores
# nothing when there is none, so a reply written on such a site was lost; here the agent is told instead.
STAFF = ("Support Agent", "Support Supervisor", "Support Manager", "System Manager")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
case = frappe.form_dict.get("case")
content = frappe.form_dict.get("content")
subject = frappe.form_dict.get("subject") or ""
recipients = frappe.form_dict.get("recipients") or ""
if not isinstance(case, str) or not case or len(case) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
if not isinstance(content, str) or not content.strip() or len(content) > 100000:
    frappe.throw("content: escriba la respuesta (hasta 100.000 caracteres). / content: write the reply (up to 100,000 characters).")
if not isinstance(subject, str) or len(subject) > 300:
    frappe.throw("subject: hasta 300 caracteres. / subject: up to 300 characters.")
if not isinstance(recipients, str) or len(recipients) > 1000:
    frappe.throw("recipients: direcciones separadas por coma, hasta 1000 caracteres. / recipients: comma-separated addresses, up to 1,000 characters.")
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in STAFF for r in roles):
    frappe.throw("Solo el equipo de soporte responde casos. / Only the support team replies to cases.", frappe.PermissionError)
if not frappe.get_list("Support Case", filters={"name": case}, pluck="name", limit=1):
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
outgoing = frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name", limit=1)
comm = frappe.get_doc({
    "doctype": "Communication",
    "communication_type": "Communication",
    "communication_medium": "Email",
    "sent_or_received": "Sent",
    "subject": subject or case,
    "content": content,
    "sender": frappe.session.user,
    "recipients": recipients,
    "reference_doctype": "Support Case",
    "reference_name": case,
    "status": "Linked",
}).insert(ignore_permissions=True)
sent = False
if outgoing and recipients:
    frappe.sendmail(recipients=recipients, subject=subject or case, message=content, reference_doctype="Support Case",
                    reference_name=case, communication=comm.name)
    sent = True
frappe.response["message"] = {"communication": comm.name, "sent": sent, "mail_configured": bool(outgoing)}
