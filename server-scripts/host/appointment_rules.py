# DocType Event · Appointment Request · Before Save
# What a person (an agent on the phone, later the customer in the portal) may say when asking for a visit: the
# reason, the equipment (a serial of that customer), a preferred date from today on and an alternative after it,
# the time of day and the place. Confirming, moving and cancelling are the scheduling board's
# (postventa.appointment.schedule, which writes with set_value): a request cannot set the status, the confirmed
# times, the technician, the visit, the count or the history, so nobody books a technician around the board.
SYSTEM = ("Postventa Integration",)
BOARD = ("status", "confirmed_start", "confirmed_end", "technician", "service_visit", "reschedule_count", "schedule_history", "notice_pending", "reminder_sent_on", "change_reason")
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
system = frappe.session.user == "Administrator" or any(r in SYSTEM for r in roles)
before = frappe.db.get_value("Appointment Request", doc.name, list(BOARD) + ["preferred_date"], as_dict=True) if doc.name and frappe.db.exists("Appointment Request", doc.name) else None
if not system:
    for f in BOARD:
        if before:
            doc.set(f, before.get(f))
        else:
            doc.set(f, "Requested" if f == "status" else (0 if f in ("reschedule_count", "notice_pending") else None))
if len(doc.get("reason") or "") > 1000:
    frappe.throw("Motivo: hasta 1.000 caracteres. / Reason: up to 1,000 characters.", frappe.ValidationError)
if len(doc.get("location") or "") > 500:
    frappe.throw("Lugar: hasta 500 caracteres. / Place: up to 500 characters.", frappe.ValidationError)
preferred = str(doc.get("preferred_date") or "")[:10]
if preferred and preferred < frappe.utils.today() and (not before or str(before.preferred_date or "")[:10] != preferred):
    frappe.throw("Fecha preferida: desde hoy en adelante. / Preferred date: from today on.", frappe.ValidationError)
alternative = str(doc.get("alternative_date") or "")[:10]
if alternative and preferred and alternative < preferred:
    frappe.throw("Fecha alternativa: no antes de la preferida. / Alternative date: not before the preferred one.", frappe.ValidationError)
if doc.get("serial_no"):
    owner = frappe.db.get_value("Serial No", doc.serial_no, "customer")
    if owner and owner != doc.customer:
        frappe.throw("Equipo: el número de serie " + doc.serial_no + " es de otro cliente. / Equipment: serial number " + doc.serial_no + " belongs to another customer.", frappe.ValidationError)
