# DocType Event · Support Case · Before Save
# A Warranty case on a serial whose warranty has ended is not free by itself (seed 004; domain/billing/warranty.ts):
# a supervisor covers it with a reason of at least 5 characters, recorded on the case (who) and as a "Warranty
# Override" event; anyone else gets the case type refused with the serial and the date named. The expiry is read
# from the Serial No, never from what the request sends; an agent cannot write or change the reason.
SUPERVISORS = ("Support Supervisor", "Support Manager", "System Manager")
reason = (doc.get("warranty_override_reason") or "").strip()
before = (frappe.db.get_value("Support Case", doc.name, "warranty_override_reason") or "").strip() if doc.name and frappe.db.exists("Support Case", doc.name) else ""
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
supervisor = frappe.session.user == "Administrator" or any(r in SUPERVISORS for r in roles)
if len(reason) > 1000:
    frappe.throw("Motivo de la garantía autorizada: hasta 1.000 caracteres. / Warranty override reason: up to 1,000 characters.")
if reason != before and not supervisor:
    frappe.throw("Motivo de la garantía autorizada: solo un supervisor autoriza una garantía vencida. / Warranty override reason: only a supervisor authorises an expired warranty.", frappe.PermissionError)
expiry = None
if doc.case_type == "Warranty" and doc.serial_no and isinstance(doc.serial_no, str) and len(doc.serial_no) <= 140:
    expiry = frappe.db.get_value("Serial No", doc.serial_no, "warranty_expiry_date")
on = str(doc.received_on or frappe.utils.now())[:10]
if expiry and str(expiry)[:10] < on:
    if len(reason) < 5:
        frappe.throw(
            "Tipo de caso: la garantía del número de serie " + doc.serial_no + " venció el " + str(expiry)[:10]
            + "; un supervisor debe autorizarla con un motivo, o el caso es Cobrable. / Case type: the warranty of serial "
            + doc.serial_no + " ended on " + str(expiry)[:10] + "; a supervisor must authorise it with a reason, or the case is Billable.",
            frappe.ValidationError,
        )
    if reason != before:
        doc.warranty_override_by = frappe.session.user
        frappe.get_doc({
            "doctype": "Support Case Event",
            "support_case": doc.name,
            "event_type": "Warranty Override",
            "at": frappe.utils.now(),
            "actor": frappe.session.user,
            "reason": reason,
            "to_value": str(expiry)[:10],
        }).insert(ignore_permissions=True, ignore_links=True)
elif reason != before:
    doc.warranty_override_by = frappe.session.user if reason else None
