# DocType Event · Service Visit · After Save
# A completed maintenance visit closes its occurrence (seed 000, phase 1): the Maintenance Occurrence becomes Done,
# the covered equipment row records the day as last serviced and has no open maintenance any more, and a póliza
# whose next maintenance is "After completion" gets its next date counted from that day (the equipment's interval,
# else the póliza's). Once: an occurrence already Done is left alone. Written with set_value in this transaction.
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
