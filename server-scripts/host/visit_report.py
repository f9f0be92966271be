# API · postventa.visit.report · POST
# The visit's service report (issue 15), made by the companion's visit-reports job with pdfmake and uploaded as a
# private File of the visit: here it becomes the visit's report (once — a second one for the same visit is
# refused), is e-mailed to the customer's contact with the PDF attached (a Communication on the case, else on the
# visit, queued through the outgoing Email Account), and the e-mail is recorded on the customer's timeline.
# Arguments: visit (name) and file (the File's name); both checked before any query.
ALLOWED = ("Postventa Integration", "System Manager", "Support Manager")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo la integración registra informes. / Only the integration records reports.", frappe.PermissionError)
name = frappe.form_dict.get("visit")
file_name = frappe.form_dict.get("file")
for label, v in (("visit", name), ("file", file_name)):
    if not isinstance(v, str) or not v or len(v) > 140:
        frappe.throw(label + ": un texto de hasta 140 caracteres. / " + label + ": a text of up to 140 characters.")
visit = frappe.db.get_value("Service Visit", name, ["name", "status", "customer", "support_case", "appointment_request", "report_file", "scheduled_start"], as_dict=True)
if not visit:
    frappe.throw("Visita no encontrada. / Visit not found.", frappe.DoesNotExistError)
stored = frappe.db.get_value("File", file_name, ["name", "file_url", "attached_to_doctype", "attached_to_name", "is_private"], as_dict=True)
if not stored or stored.attached_to_doctype != "Service Visit" or stored.attached_to_name != name:
    frappe.throw("file: no es un archivo de esta visita. / file: not a file of this visit.")
if visit.status != "Completed":
    frappe.throw("La visita no está completada. / The visit is not completed.")
if visit.report_file:
    frappe.response["message"] = {"done": False, "report": visit.report_file}
else:
    contact = frappe.db.get_value("Appointment Request", visit.appointment_request, "contact") if visit.appointment_request else None
    if not contact and visit.support_case:
        contact = frappe.db.get_value("Support Case", visit.support_case, "contact")
    if not contact:
        contact = frappe.db.get_value("Customer", visit.customer, "customer_primary_contact")
    if not contact:
        linked = frappe.get_all("Dynamic Link", filters={"link_doctype": "Customer", "link_name": visit.customer, "parenttype": "Contact"}, pluck="parent", order_by="creation asc", limit=1)
        contact = linked[0] if linked else None
    email = (frappe.db.get_value("Contact", contact, "email_id") if contact else None) or frappe.db.get_value("Customer", visit.customer, "email_id")
    subject = "Informe de servicio " + name + " / Service report " + name
    content = "<p>Adjuntamos el informe de la visita técnica " + frappe.utils.escape_html(name) + " con el trabajo realizado, las recomendaciones y su firma.</p><p>Attached is the report of technical visit " + frappe.utils.escape_html(name) + ": the work done, the recommendations and your signature.</p>"
    ref_dt = "Support Case" if visit.support_case else "Service Visit"
    ref_name = visit.support_case or name
    outgoing = frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name", limit=1)
    sent = False
    if email:
        comm = frappe.get_doc({
            "doctype": "Communication",
            "communication_type": "Communication",
            "communication_medium": "Email",
            "sent_or_received": "Sent",
            "subject": subject,
            "content": content,
            "sender": frappe.session.user,
            "recipients": email,
            "has_attachment": 1,
            "reference_doctype": ref_dt,
            "reference_name": ref_name,
            "status": "Linked",
        }).insert(ignore_permissions=True)
        if outgoing:
            frappe.sendmail(recipients=[email], subject=subject, message=content, reference_doctype=ref_dt, reference_name=ref_name, communication=comm.name, attachments=[{"fid": stored.name}])
            sent = True
    frappe.db.set_value("Service Visit", name, {"report_file": stored.file_url, "report_sent_on": frappe.utils.now() if sent else None}, update_modified=False)
    frappe.get_doc({
        "doctype": "Customer Interaction",
        "customer": visit.customer,
        "contact": contact,
        "interaction_date": frappe.utils.now(),
        "interaction_type": "Email",
        "direction": "Outbound",
        "proactive": 1,
        "reason": ("Informe de servicio " + name)[:140],
        "outcome": ("Enviado a " + email + ". / Sent to " + email + ".") if sent else ("Guardado en la visita, sin enviar. / Kept on the visit, not sent."),
        "support_case": visit.support_case,
        "service_visit": name,
        "user": frappe.session.user,
        "notice_key": "visit-report|" + name,
    }).insert(ignore_permissions=True)
    frappe.response["message"] = {"done": True, "report": stored.file_url, "sent": sent, "email": email}
