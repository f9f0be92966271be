# API · postventa.portal.message · POST
# A portal customer writes on their case (issue 16): the message is kept as a received Communication on the case, so
# the agents' timeline shows it and the customer's own page lists it. Only a portal user who may read the case
# (their own, or any of their customer's as a customer manager) may write, never on a Closed or Cancelled case; the text
# is stored escaped, as plain text with its line breaks. A case that waited on the customer goes back to the agents
# (In Progress: its SLA clock runs again). Arguments are checked for type and length before any query.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
case = frappe.form_dict.get("case")
text = frappe.form_dict.get("text")
if not isinstance(case, str) or not case or len(case) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
if not isinstance(text, str) or not text.strip() or len(text) > 20000:
    frappe.throw("Mensaje: escriba su mensaje (hasta 20.000 caracteres). / Message: write your message (up to 20,000 characters).")
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
seen = frappe.db.get_value("Support Case", case, ["customer", "owner"], as_dict=True)
if not seen or seen.customer not in customers or (seen.owner != user and "Support Customer Manager" not in roles):
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
row = frappe.db.get_value("Support Case", case, ["name", "status", "subject"], as_dict=True)
if row.status in ("Closed", "Cancelled"):
    frappe.throw("El caso está cerrado: abra uno nuevo si el problema sigue. / The case is closed: open a new one if the problem goes on.")
html = "<p>" + frappe.utils.escape_html(text.strip()).replace("\n", "<br>") + "</p>"
comm = frappe.get_doc({
    "doctype": "Communication",
    "communication_type": "Communication",
    "communication_medium": "Other",
    "sent_or_received": "Received",
    "subject": ("Re: " + str(row.subject or case))[:300],
    "content": html,
    "sender": user,
    "reference_doctype": "Support Case",
    "reference_name": case,
    "status": "Linked",
}).insert(ignore_permissions=True)
status = row.status
if row.status == "Waiting on Customer":
    doc = frappe.get_doc("Support Case", case)
    doc.status = "In Progress"
    doc.save(ignore_permissions=True)
    status = doc.status
frappe.response["message"] = {"name": comm.name, "case": case, "status": status}
