# API · postventa.policy.report · POST
# A póliza's monthly report (issue 15), made by the companion's policy-reports job: the figures (kpis, JSON) and the
# PDF (a private File of the póliza, uploaded first) become the month's Policy Report — made once per póliza and
# month (report_key is unique). mode "scheduled" is the job's own run: a report already Generated or Sent is left
# alone (a replay changes nothing), a manager's preview (Draft) is completed. mode "request" answers a manager's
# requested action and clears it. send 1 e-mails it to the póliza's report recipients (else the customer's primary
# contact) as a Communication on the póliza with the PDF attached, through the outgoing Email Account, and records
# it on the customer's timeline. Every argument is checked before any query.
ALLOWED = ("Postventa Integration", "System Manager")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo la integración guarda informes mensuales. / Only the integration saves monthly reports.", frappe.PermissionError)
args = frappe.form_dict
for f in ("policy", "file", "period_start", "period_end"):
    v = args.get(f)
    if not isinstance(v, str) or not v or len(v) > 140:
        frappe.throw(f + ": un texto de hasta 140 caracteres. / " + f + ": a text of up to 140 characters.")
kpis = args.get("kpis")
if not isinstance(kpis, str) or len(kpis) > 300000 or not kpis.startswith("{"):
    frappe.throw("kpis: un objeto JSON de hasta 300000 caracteres. / kpis: a JSON object of up to 300000 characters.")
mode = args.get("mode")
if mode not in ("scheduled", "request"):
    frappe.throw("mode: scheduled o request. / mode: scheduled or request.")
send = str(args.get("send") or "0") in ("1", "true", "True")
final = str(args.get("final") or "0") in ("1", "true", "True")
start = args.get("period_start")
end = args.get("period_end")
if len(start) != 10 or start[8:] != "01" or len(end) != 10 or end[:7] != start[:7]:
    frappe.throw("period_start / period_end: el primer y otro día del mismo mes. / period_start / period_end: the first and another day of one month.")
policy = frappe.db.get_value("Service Policy", args.get("policy"), ["name", "customer", "status", "report_recipients"], as_dict=True)
if not policy:
    frappe.throw("policy: no existe. / policy: not found.", frappe.DoesNotExistError)
stored = frappe.db.get_value("File", args.get("file"), ["name", "file_url", "attached_to_doctype", "attached_to_name"], as_dict=True)
if not stored or stored.attached_to_doctype != "Service Policy" or stored.attached_to_name != policy.name:
    frappe.throw("file: no es un archivo de esta póliza. / file: not a file of this policy.")
key = policy.name + "|" + start[:7]
row = frappe.db.get_value("Policy Report", {"report_key": key}, ["name", "status", "requested_action", "sent_on"], as_dict=True)
if row and mode == "scheduled" and row.status != "Draft":
    frappe.response["message"] = {"done": False, "report": row.name, "status": row.status}
else:
    now = frappe.utils.now()
    if not row:
        made = frappe.get_doc({
            "doctype": "Policy Report",
            "service_policy": policy.name,
            "period_start": start,
            "period_end": end,
            "status": "Draft",
        }).insert(ignore_permissions=True)
        row_name = made.name
        status = "Draft"
    else:
        row_name = row.name
        status = row.status
    if final and status == "Draft":
        status = "Generated"
    values = {"kpis": kpis, "pdf_file": stored.file_url, "generated_on": now, "requested_action": None, "status": status}
    sent_to = []
    if send:
        raw = str(policy.report_recipients or "").replace(";", ",").replace("\n", ",").split(",")
        for r in raw:
            r = r.strip()
            if r and "@" in r and len(r) <= 140 and r not in sent_to:
                sent_to.append(r)
        if not sent_to:
            contact = frappe.db.get_value("Customer", policy.customer, "customer_primary_contact")
            email = (frappe.db.get_value("Contact", contact, "email_id") if contact else None) or frappe.db.get_value("Customer", policy.customer, "email_id")
            if email:
                sent_to.append(email)
        outgoing = frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name", limit=1)
        if not sent_to:
            values["send_problem"] = "La póliza no tiene destinatarios del informe ni el cliente un contacto con correo. / The policy has no report recipients and the customer no contact with an e-mail."
        elif not outgoing:
            values["send_problem"] = "El sitio no tiene una cuenta de correo saliente. / The site has no outgoing Email Account."
        else:
            month = start[:7]
            subject = "Informe mensual " + month + " · póliza " + policy.name + " / Monthly report " + month + " · policy " + policy.name
            content = ("<p>Adjuntamos el informe mensual de " + month + " de su póliza " + frappe.utils.escape_html(policy.name)
                + ": consumo, casos, cumplimiento del SLA, visitas y recomendaciones.</p><p>Attached is the " + month
                + " monthly report of your policy " + frappe.utils.escape_html(policy.name)
                + ": usage, cases, SLA compliance, visits and recommendations.</p>")
            comm = frappe.get_doc({
                "doctype": "Communication",
                "communication_type": "Communication",
                "communication_medium": "Email",
                "sent_or_received": "Sent",
                "subject": subject,
                "content": content,
                "sender": frappe.session.user,
                "recipients": ", ".join(sent_to),
                "has_attachment": 1,
                "reference_doctype": "Service Policy",
                "reference_name": policy.name,
                "status": "Linked",
            }).insert(ignore_permissions=True)
            frappe.sendmail(recipients=sent_to, subject=subject, message=content, reference_doctype="Service Policy", reference_name=policy.name, communication=comm.name, attachments=[{"fid": stored.name}])
            values["status"] = "Sent"
            values["sent_on"] = now
            values["sent_to"] = ", ".join(sent_to)
            values["send_problem"] = None
            frappe.get_doc({
                "doctype": "Customer Interaction",
                "customer": policy.customer,
                "interaction_date": now,
                "interaction_type": "Email",
                "direction": "Outbound",
                "proactive": 1,
                "reason": ("Informe mensual " + month + " · " + policy.name)[:140],
                "outcome": ("Enviado a " + ", ".join(sent_to) + ". / Sent to " + ", ".join(sent_to) + ".")[:1000],
                "user": frappe.session.user,
                "notice_key": ("policy-report|" + key + "|" + now)[:140],
            }).insert(ignore_permissions=True)
    frappe.db.set_value("Policy Report", row_name, values, update_modified=False)
    frappe.response["message"] = {"done": True, "report": row_name, "status": values["status"], "sent_to": sent_to}
