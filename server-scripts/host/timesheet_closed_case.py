# DocType Event · Timesheet · Before Save
# Time is not logged on a Closed or Cancelled case (its hours, cost and invoice are final): reopen the case first.
for log in doc.get("time_logs") or []:
    case = log.get("support_case")
    if case:
        status = frappe.db.get_value("Support Case", case, "status")
        if status in ("Closed", "Cancelled"):
            frappe.throw("Horas: el caso " + str(case) + " está cerrado; reábralo para registrar horas. / Hours: case " + str(case) + " is closed; reopen it to log time.", frappe.ValidationError)
