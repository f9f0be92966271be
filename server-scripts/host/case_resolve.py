# API · postventa.case.resolve · POST
# Resolving a case is one transaction on the host (seed 003 "Pasos para Cerrar un Caso"): the diagnosis and solution
# are saved with status Resolved (the "Token de confirmación" script makes the link's secret on that save), and when
# the case has the customer's e-mail the solution goes to them with the confirmation link, stored as a Communication
# (and mailed when the site has an outgoing Email Account). The case's supplies leave stock on that save, once
# ("Postventa - Stock de insumos al cambiar el caso": when a warehouse lacks what a row needs, resolving is refused
# with every item and quantity named). Nothing is left half done: any error undoes it all.
STAFF = ("Support Agent", "Support Supervisor", "Support Manager", "System Manager")
OPEN = ("Open", "In Progress", "Waiting on Customer", "Escalated to Development")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
name = frappe.form_dict.get("case")
solution = frappe.form_dict.get("solution") or ""
diagnosis = frappe.form_dict.get("diagnosis") or ""
message = frappe.form_dict.get("message") or ""
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
for label, value in (("solution", solution), ("diagnosis", diagnosis), ("message", message)):
    if not isinstance(value, str) or len(value) > 100000:
        frappe.throw(label + ": un texto de hasta 100.000 caracteres. / " + label + ": a text of up to 100,000 characters.")
if not (solution.strip() or diagnosis.strip()):
    frappe.throw("solution: escriba la solución antes de resolver. / solution: write the solution before resolving.")
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in STAFF for r in roles):
    frappe.throw("Solo el equipo de soporte resuelve casos. / Only the support team resolves cases.", frappe.PermissionError)
if not frappe.get_list("Support Case", filters={"name": name}, pluck="name", limit=1):
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
case = frappe.get_doc("Support Case", name)
if case.status not in OPEN:
    frappe.throw("El caso no está abierto. / The case is not open.")
case.status = "Resolved"
case.solution = solution
case.diagnosis = diagnosis
case.save()


token = case.get_password("confirmation_token", raise_exception=False) or ""
link = frappe.utils.get_url("/postventa#/confirm/" + case.name + "/" + token)
communication = None
sent = False
if case.raised_by and message:
    # The desk's template places the link where it says [[link]] (inside its own <a href>).
    content = message.replace("[[link]]", link)
    comm = frappe.get_doc({
        "doctype": "Communication",
        "communication_type": "Communication",
        "communication_medium": "Email",
        "sent_or_received": "Sent",
        "subject": case.subject or case.name,
        "content": content,
        "sender": frappe.session.user,
        "recipients": case.raised_by,
        "reference_doctype": "Support Case",
        "reference_name": case.name,
        "status": "Linked",
    }).insert(ignore_permissions=True)
    communication = comm.name
    if frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name", limit=1):
        frappe.sendmail(recipients=case.raised_by, subject=case.subject or case.name, message=content,
                        reference_doctype="Support Case", reference_name=case.name, communication=comm.name)
        sent = True
frappe.response["message"] = {"case": case.name, "status": case.status, "token": token, "communication": communication, "sent": sent}
