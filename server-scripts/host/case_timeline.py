# API · postventa.case.timeline
# A case's internal notes and messages for the desk. On a real site Comment is readable only by System Manager and
# Website Manager, and Communication lists are limited to the user's email accounts, so agents cannot list them
# directly: this script answers for any user who may read the case (frappe.get_list applies role and user
# permissions; a portal user reads their own, or any of their customer's as a customer manager), and only for that case. Internal notes are the staff's: a portal customer who may read the case gets
# its messages (what was written to and by them) and never a note.
STAFF = ("Support Agent", "Support Supervisor", "Support Manager", "System Manager", "Accounts User", "Accounts Manager", "Postventa Integration")
case = frappe.form_dict.get("case")
if not isinstance(case, str) or not case or len(case) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
staff = user == "Administrator" or any(r in STAFF for r in roles)
if staff or "Support Customer" not in roles:
    allowed = bool(frappe.get_list("Support Case", filters={"name": case}, pluck="name", limit=1))
else:
    # A portal user: their own case, or any of their customer's as a customer manager.
    customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
    seen = frappe.db.get_value("Support Case", case, ["customer", "owner"], as_dict=True)
    allowed = bool(seen) and seen.customer in customers and (seen.owner == user or "Support Customer Manager" in roles)
if not allowed:
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
comments = [] if not staff else frappe.get_all(
    "Comment",
    filters={"reference_doctype": "Support Case", "reference_name": case, "comment_type": "Comment"},
    fields=["name", "creation", "content", "comment_email", "comment_by", "comment_type"],
    order_by="creation desc",
    limit=200,
)
messages = frappe.get_all(
    "Communication",
    filters={"reference_doctype": "Support Case", "reference_name": case, "communication_type": "Communication"},
    fields=["name", "communication_date", "subject", "content", "sender", "recipients", "sent_or_received", "delivery_status"],
    order_by="communication_date desc",
    limit=200,
)
frappe.response["message"] = {"comments": comments, "communications": messages}
