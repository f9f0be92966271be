# API · postventa.case.reply · POST
# A reply to the customer from the desk. It is always stored as a Communication on the case (the timeline shows
# it); it is e-mailed only when the site has an outgoing Email Account. Frappe's email.make answers 501 and stores
# nothing when there is none, so a reply written on such a site was lost; here the agent is told instead.
# CC and BCC are kept on the Communication as Frappe does; `attachments` are names of Files already attached to
# this case (uploaded from the composer), sent with the mail and listed under the message in the timeline. The
# reply is also recorded on the customer's timeline of interactions.
STAFF = ("Support Agent", "Support Supervisor", "Support Manager", "System Manager")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
case = frappe.form_dict.get("case")
content = frappe.form_dict.get("content")
subject = frappe.form_dict.get("subject") or ""
recipients = frappe.form_dict.get("recipients") or ""
cc = frappe.form_dict.get("cc") or ""
bcc = frappe.form_dict.get("bcc") or ""
attachments = frappe.form_dict.get("attachments") or []
if isinstance(attachments, str) and len(attachments) < 5000:
    attachments = json.loads(attachments)
if not isinstance(case, str) or not case or len(case) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
if not isinstance(content, str) or not content.strip() or len(content) > 100000:
    frappe.throw("content: escriba la respuesta (hasta 100.000 caracteres). / content: write the reply (up to 100,000 characters).")
if not isinstance(subject, str) or len(subject) > 300:
    frappe.throw("subject: hasta 300 caracteres. / subject: up to 300 characters.")
if not isinstance(recipients, str) or len(recipients) > 1000:
    frappe.throw("recipients: direcciones separadas por coma, hasta 1000 caracteres. / recipients: comma-separated addresses, up to 1,000 characters.")
for label, value in (("cc", cc), ("bcc", bcc)):
    if not isinstance(value, str) or len(value) > 1000:
        frappe.throw(label + ": direcciones separadas por coma, hasta 1000 caracteres. / " + label + ": comma-separated addresses, up to 1,000 characters.")
for label, value in (("recipients", recipients), ("cc", cc), ("bcc", bcc)):
    for address in value.split(","):
        address = address.strip()
        if address and (len(address) > 140 or "@" not in address or " " in address or "<" in address):
            frappe.throw(label + ": «" + frappe.utils.escape_html(address[:60]) + "» no es una dirección de correo. / " + label + ": '" + frappe.utils.escape_html(address[:60]) + "' is not an e-mail address.")
if not isinstance(attachments, list) or len(attachments) > 10 or any(not isinstance(a, str) or len(a) > 140 for a in attachments):
    frappe.throw("attachments: hasta 10 archivos del caso. / attachments: up to 10 of the case's files.")
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in STAFF for r in roles):
    frappe.throw("Solo el equipo de soporte responde casos. / Only the support team replies to cases.", frappe.PermissionError)
if not frappe.get_list("Support Case", filters={"name": case}, pluck="name", limit=1):
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
files = []
if attachments:
    files = frappe.get_all("File", filters={"name": ["in", attachments], "attached_to_doctype": "Support Case", "attached_to_name": case}, fields=["name", "file_name"])
    if len(files) != len(set(attachments)):
        frappe.throw("attachments: solo archivos adjuntos a este caso. / attachments: only files attached to this case.")
    names = "".join(["<li>" + frappe.utils.escape_html(f["file_name"] or f["name"]) + "</li>" for f in files])
    content = content + "<ul>" + names + "</ul>"
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
    "cc": cc,
    "bcc": bcc,
    "has_attachment": 1 if files else 0,
    "reference_doctype": "Support Case",
    "reference_name": case,
    "status": "Linked",
}).insert(ignore_permissions=True)
sent = False
if outgoing and recipients:
    frappe.sendmail(recipients=recipients, cc=cc or None, bcc=bcc or None, subject=subject or case, message=content,
                    reference_doctype="Support Case", reference_name=case, communication=comm.name,
                    attachments=[{"fid": f["name"]} for f in files])
    sent = True
# The reply is a contact with the customer: on their timeline too (seed 001, interacciones), reactive and outbound.
customer = frappe.db.get_value("Support Case", case, "customer")
if customer:
    frappe.get_doc({
        "doctype": "Customer Interaction",
        "customer": customer,
        "interaction_date": frappe.utils.now(),
        "interaction_type": "Email",
        "direction": "Outbound",
        "proactive": 0,
        "reason": (subject or case)[:140],
        "outcome": ("Enviado a " + recipients + ". / Sent to " + recipients + ".")[:2000] if sent else "Guardado en el caso, sin enviar. / Kept on the case, not sent.",
        "support_case": case,
        "user": frappe.session.user,
    }).insert(ignore_permissions=True)
frappe.response["message"] = {"communication": comm.name, "sent": sent, "mail_configured": bool(outgoing)}
