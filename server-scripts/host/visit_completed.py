# DocType Event · Service Visit · After Save
# A completed maintenance visit closes its occurrence (seed 000, phase 1): the Maintenance Occurrence becomes Done,
# the covered equipment row records the day as last serviced and has no open maintenance any more, and a póliza
# whose next maintenance is "After completion" gets its next date counted from that day (the equipment's interval,
# else the póliza's). Once: an occurrence already Done is left alone. Written with set_value in this transaction.
# A completed visit on a covered serial outside the plan records the service on the equipment too. Any visit
# completed (maintenance or not) is a contact with the customer: once on their timeline of interactions.
if doc.status == "Completed" and doc.get("maintenance_occurrence"):
    occ = frappe.db.get_value("Maintenance Occurrence", doc.maintenance_occurrence, ["name", "status", "service_policy", "serial_no"], as_dict=True)
    if occ and occ.status != "Done":
        done_on = str(doc.get("finished_on") or frappe.utils.now())[:10]
        frappe.db.set_value("Maintenance Occurrence", occ.name, {"status": "Done", "service_visit": doc.name}, update_modified=False)
        policy = frappe.db.get_value("Service Policy", occ.service_policy, ["name", "maintenance_basis", "maintenance_interval_months", "end_date"], as_dict=True)
        row = frappe.db.get_value("Policy Equipment", {"parent": occ.service_policy, "parenttype": "Service Policy", "serial_no": occ.serial_no}, ["name", "maintenance_interval_months", "open_occurrence"], as_dict=True)
        if policy and row:
            changes = {"last_serviced_on": done_on}
            if row.open_occurrence == occ.name:
                changes["open_occurrence"] = None
            months = frappe.utils.cint(row.maintenance_interval_months) or frappe.utils.cint(policy.maintenance_interval_months)
            if policy.maintenance_basis == "After completion" and months > 0:
                following = str(frappe.utils.add_months(done_on, months))[:10]
                changes["next_maintenance_on"] = None if policy.end_date and following > str(policy.end_date)[:10] else following
            frappe.db.set_value("Policy Equipment", row.name, changes, update_modified=False)
# A visit outside the maintenance plan (an appointment, a repair) on a covered serial is a service too.
if doc.status == "Completed" and not doc.get("maintenance_occurrence") and doc.get("serial_no"):
    covering = frappe.db.get_value("Serial No", doc.serial_no, "covering_policy")
    row = frappe.db.get_value("Policy Equipment", {"parent": covering, "parenttype": "Service Policy", "serial_no": doc.serial_no}, "name") if covering else None
    if row:
        frappe.db.set_value("Policy Equipment", row, "last_serviced_on", str(doc.get("finished_on") or frappe.utils.now())[:10], update_modified=False)
if doc.status == "Completed" and not frappe.db.exists("Customer Interaction", {"service_visit": doc.name, "interaction_type": "Visit"}):
    frappe.get_doc({
        "doctype": "Customer Interaction",
        "customer": doc.customer,
        "interaction_date": doc.get("finished_on") or frappe.utils.now(),
        "interaction_type": "Visit",
        "direction": "Outbound",
        "proactive": 1 if doc.get("maintenance_occurrence") else 0,
        "reason": ("Visita técnica completada / Technical visit completed")[:140],
        "summary": frappe.utils.strip_html(doc.get("work_done") or "")[:10000] or None,
        "support_case": doc.get("support_case"),
        "service_visit": doc.name,
        "appointment_request": doc.get("appointment_request"),
        "user": doc.get("technician") or frappe.session.user,
    }).insert(ignore_permissions=True)
