# DocType Event · Customer Interaction · After Save
# "Next follow-up" makes a task (seed 001, interacciones): a ToDo on the interaction for its owner — the customer's
# account manager, else whoever logged it — due that day; moving the date moves the task, clearing it cancels the
# task. One task per interaction, kept in `follow_up_task`.
when = str(doc.get("next_follow_up") or "")[:10]
task = doc.get("follow_up_task")
if when and not task:
    owner = frappe.db.get_value("Customer", doc.customer, "account_manager") or doc.get("user") or doc.owner or frappe.session.user
    if not frappe.db.exists("User", owner) or owner == "Guest":
        owner = frappe.session.user
    what = (doc.get("reason") or doc.get("summary") or doc.interaction_type or "")[:200]
    todo = frappe.get_doc({
        "doctype": "ToDo",
        "allocated_to": owner,
        "assigned_by": frappe.session.user,
        "date": when,
        "status": "Open",
        "priority": "Medium",
        "description": "Seguimiento de " + str(doc.customer) + ": " + frappe.utils.escape_html(what) + " / Follow-up with " + str(doc.customer),
        "reference_type": "Customer Interaction",
        "reference_name": doc.name,
    }).insert(ignore_permissions=True)
    frappe.db.set_value("Customer Interaction", doc.name, "follow_up_task", todo.name, update_modified=False)
elif task and frappe.db.exists("ToDo", task):
    current = frappe.db.get_value("ToDo", task, ["date", "status"], as_dict=True)
    if not when and current.status == "Open":
        frappe.db.set_value("ToDo", task, "status", "Cancelled", update_modified=False)
    elif when and (str(current.date or "")[:10] != when or current.status == "Cancelled"):
        frappe.db.set_value("ToDo", task, {"date": when, "status": "Open"}, update_modified=False)
