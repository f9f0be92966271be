# DocType Event · Customer Interaction · Before Save
# What a person logs on a customer's timeline (a call, a meeting, a visit) is checked here with the field named:
# the summary and outcome within their limits, a follow-up date not in the past. The notice key and the follow-up
# task are the host's own (notice_send.py, interaction_follow_up.py): a request cannot set or change them, so no one
# can pre-empt a customer's notice or point the interaction at somebody else's task.
SYSTEM = ("Postventa Integration",)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
system = frappe.session.user == "Administrator" or any(r in SYSTEM for r in roles)
before = frappe.db.get_value("Customer Interaction", doc.name, ["notice_key", "follow_up_task", "next_follow_up"], as_dict=True) if doc.name and frappe.db.exists("Customer Interaction", doc.name) else None
if not system:
    doc.notice_key = before.notice_key if before else None
    doc.follow_up_task = before.follow_up_task if before else None
for field, most, label in (("summary", 10000, "Resumen / Summary"), ("outcome", 2000, "Resultado / Outcome"), ("reason", 140, "Motivo / Reason")):
    if len(doc.get(field) or "") > most:
        frappe.throw(label + ": hasta " + str(most) + " caracteres. / up to " + str(most) + " characters.", frappe.ValidationError)
when = str(doc.get("next_follow_up") or "")[:10]
if when and when < frappe.utils.today() and (not before or str(before.next_follow_up or "")[:10] != when):
    frappe.throw("Próximo seguimiento: la fecha no puede estar en el pasado. / Next follow-up: the date cannot be in the past.", frappe.ValidationError)
if not doc.get("interaction_date"):
    doc.interaction_date = frappe.utils.now()
if not doc.get("user"):
    doc.user = frappe.session.user
