# DocType Event · Support Case · Before Save
# Refuses closing a policy case with no time logged (seed 000, phase 4 "Exigencia de Horas"): the hours come from
# ERPNext Timesheet rows linked to the case. Only when the case moves to Closed, and only when Postventa Settings ask.
# Real safe_exec refuses str.format (docs/host-contract.md): messages are built with +.
if doc.status == "Closed" and doc.service_policy:
    before = frappe.db.get_value("Support Case", doc.name, "status") if doc.name else None
    required = frappe.db.get_single_value("Postventa Settings", "require_hours_to_close_policy_case")
    if before != "Closed" and required != 0:
        logs = frappe.get_all("Timesheet Detail", filters={"support_case": str(doc.name)}, fields=["hours", "parent"])
        hours = sum(frappe.utils.flt(row.hours) for row in logs)
        if hours <= 0:
            case = str(doc.name)
            policy = str(doc.service_policy)
            frappe.throw(
                "No se puede cerrar el caso " + case + ": es un caso de póliza (" + policy + ") y no tiene horas "
                + "registradas. Registre el tiempo trabajado antes de cerrarlo. / Case " + case + " cannot be closed: "
                + "it is a policy case (" + policy + ") with no time logged. Log the hours worked before closing it.",
                frappe.ValidationError,
                title="Faltan horas / Hours required",
            )
