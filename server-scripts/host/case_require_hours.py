# DocType Event · Support Case · Before Save
# Refuses closing a policy case with no time logged (seed 000, phase 4 "Exigencia de Horas"): the hours come from
# ERPNext Timesheet rows linked to the case. Only when the case moves to Closed, and only when Support Settings ask.
if doc.status == "Closed" and doc.service_policy:
    before = frappe.db.get_value("Support Case", doc.name, "status") if doc.name else None
    required = frappe.db.get_single_value("Support Settings", "require_hours_to_close_policy_case")
    if before != "Closed" and required != 0:
        logs = frappe.get_all("Timesheet Detail", filters={"support_case": doc.name}, fields=["hours", "parent"])
        hours = sum(frappe.utils.flt(row.hours) for row in logs)
        if hours <= 0:
            frappe.throw(
                "No se puede cerrar el caso {0}: es un caso de póliza ({1}) y no tiene horas registradas. Registre el tiempo trabajado antes de cerrarlo. / "
                "Case {0} cannot be closed: it is a policy case ({1}) with no time logged. Log the hours worked before closing it.".format(
                    doc.name, doc.service_policy
                ),
                frappe.ValidationError,
                title="Faltan horas / Hours required",
            )
