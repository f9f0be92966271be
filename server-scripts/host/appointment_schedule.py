# API · postventa.appointment.schedule · POST
# The scheduling board's decisions on an Appointment Request (seed 001, agendamientos), in one transaction:
#   confirm    (supervisors) a Requested appointment → a Scheduled Service Visit for a technician at a time;
#   reschedule (supervisors) a confirmed one → new time (and technician), with a reason; reschedule_count + 1;
#   cancel     (staff)       → Cancelled with a reason, its visit cancelled.
# The time must fall inside the default Support Calendar's working hours, on a day that is neither a closure nor a
# holiday of its Holiday List, and the technician must have room that day (Postventa Settings "Visitas por técnico
# por día"). Each change is appended to the request's schedule history and marks the customer's notice pending: the
# companion's notices job sends it once (mjml e-mail, WhatsApp where installed) and records the interaction.
# Arguments: request (name), action, technician (user), start / end ("YYYY-MM-DD HH:MM:SS"), reason; all checked
# before any query.
SUPERVISORS = ("Support Supervisor", "Support Manager", "System Manager", "Postventa Integration")
STAFF = SUPERVISORS + ("Support Agent",)
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
args = frappe.form_dict
name = args.get("request")
action = args.get("action")
technician = args.get("technician")
start = args.get("start")
end = args.get("end")
reason = args.get("reason") or ""
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("Solicitud: indique la solicitud de visita. / Request: give the appointment request.")
if action not in ("confirm", "reschedule", "cancel"):
    frappe.throw("Acción: confirm, reschedule o cancel. / Action: confirm, reschedule or cancel.")
if not isinstance(reason, str) or len(reason) > 1000:
    frappe.throw("Motivo: un texto de hasta 1.000 caracteres. / Reason: a text of up to 1,000 characters.")
reason = reason.strip()


def is_datetime(v):
    return isinstance(v, str) and len(v) == 19 and v[4] == "-" and v[7] == "-" and v[10] == " " and v[13] == ":" and v[16] == ":" and (v[:4] + v[5:7] + v[8:10] + v[11:13] + v[14:16] + v[17:]).isdigit()


if action != "cancel":
    if not isinstance(technician, str) or not technician or len(technician) > 140:
        frappe.throw("Técnico: indique el técnico. / Technician: give the technician.")
    if not is_datetime(start) or not is_datetime(end):
        frappe.throw("Inicio / término: fechas y horas AAAA-MM-DD HH:MM:SS. / Start / end: YYYY-MM-DD HH:MM:SS date-times.")
    if end <= start or start[:10] != end[:10]:
        frappe.throw("Término: debe ser posterior al inicio y el mismo día. / End: must be after the start, on the same day.")
if action != "confirm" and len(reason) < 3:
    frappe.throw("Motivo: escriba por qué (al menos 3 caracteres). / Reason: say why (at least 3 characters).")
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
admin = frappe.session.user == "Administrator"
if not admin and not any(r in (STAFF if action == "cancel" else SUPERVISORS) for r in roles):
    frappe.throw("Solo un supervisor agenda visitas. / Only a supervisor schedules visits.", frappe.PermissionError)
if not frappe.get_list("Appointment Request", filters={"name": name}, pluck="name", limit=1):
    frappe.throw("Solicitud no encontrada. / Request not found.", frappe.DoesNotExistError)
req = frappe.get_doc("Appointment Request", name)
if action == "confirm" and req.status != "Requested":
    frappe.throw("Estado: solo se confirma una solicitud pendiente (está " + req.status + "). / Status: only a pending request is confirmed (it is " + req.status + ").")
if action == "reschedule" and req.status not in ("Confirmed", "Rescheduled"):
    frappe.throw("Estado: solo se reagenda una visita confirmada (está " + req.status + "). / Status: only a confirmed visit is rescheduled (it is " + req.status + ").")
if action == "cancel" and req.status in ("Cancelled", "Done"):
    frappe.throw("Estado: la solicitud ya está " + req.status + ". / Status: the request is already " + req.status + ".")

def seconds(value):
    # A Time arrives as "09:00:00" or, from MariaDB, as a timedelta whose text is "9:00:00".
    parts = str(value or "").split(":")
    if len(parts) < 2:
        return -1
    total = 0
    for i in range(3):
        part = (parts[i] if i < len(parts) else "0").split(".")[0]
        if not part.isdigit():
            return -1
        total = total * 60 + int(part)
    return total


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
if action != "cancel":
    tech_roles = frappe.get_all("Has Role", filters={"parent": technician, "parenttype": "User"}, pluck="role")
    if not frappe.db.get_value("User", technician, "enabled") or not any(r in STAFF for r in tech_roles):
        frappe.throw("Técnico: " + technician + " no es un usuario de soporte activo. / Technician: " + technician + " is not an active support user.")
    day = start[:10]
    settings = frappe.db.get_value("Postventa Settings", "Postventa Settings", ["default_calendar", "technician_daily_capacity"], as_dict=True) or {}
    calendar = settings.get("default_calendar")
    if calendar and frappe.db.exists("Support Calendar", calendar):
        weekday = WEEKDAYS[frappe.utils.getdate(day).weekday()]
        windows = frappe.get_all("Support Calendar Window", filters={"parent": calendar, "parenttype": "Support Calendar", "weekday": weekday}, fields=["start_time", "end_time"], limit=20)
        inside = False
        for w in windows:
            if 0 <= seconds(w.start_time) <= seconds(start[11:]) and seconds(end[11:]) <= seconds(w.end_time):
                inside = True
        if not inside:
            frappe.throw("Inicio / término: fuera del horario de atención del " + day + ". / Start / end: outside working hours on " + day + ".")
        if frappe.get_all("Support Calendar Closure", filters={"parent": calendar, "parenttype": "Support Calendar", "closure_date": day}, pluck="name", limit=1):
            frappe.throw("Fecha: el " + day + " es un cierre del calendario de soporte. / Date: " + day + " is a closure of the support calendar.")
        holiday_list = frappe.db.get_value("Support Calendar", calendar, "holiday_list")
        if holiday_list and frappe.get_all("Holiday", filters={"parent": holiday_list, "holiday_date": day}, pluck="name", limit=1):
            frappe.throw("Fecha: el " + day + " es feriado. / Date: " + day + " is a holiday.")
    capacity = frappe.utils.cint(settings.get("technician_daily_capacity")) or 4
    taken = [v for v in frappe.get_all("Service Visit", filters={"technician": technician, "status": ["in", ["Scheduled", "In Progress"]], "scheduled_start": ["between", [day + " 00:00:00", day + " 23:59:59"]]}, pluck="name", limit=200) if v != req.service_visit]
    if len(taken) >= capacity:
        frappe.throw("Técnico: " + technician + " ya tiene " + str(len(taken)) + " visitas el " + day + " (capacidad " + str(capacity) + "). / Technician: " + technician + " already has " + str(len(taken)) + " visits on " + day + " (capacity " + str(capacity) + ").")

stamp = str(frappe.utils.now_datetime())[:16]
who = frappe.session.user
if action == "confirm":
    line = stamp + " · " + who + " · confirmada / confirmed: " + start[:16] + "–" + end[11:16] + " · " + technician
elif action == "reschedule":
    line = stamp + " · " + who + " · reagendada / rescheduled: " + str(req.confirmed_start or "")[:16] + " → " + start[:16] + "–" + end[11:16] + " · " + technician + " · " + reason
else:
    line = stamp + " · " + who + " · cancelada / cancelled · " + reason
history = ((req.get("schedule_history") or "") + "\n" + line).strip()[-20000:]
if action == "confirm":
    visit = frappe.get_doc({
        "doctype": "Service Visit",
        "status": "Scheduled",
        "customer": req.customer,
        "support_case": req.get("support_case"),
        "appointment_request": req.name,
        "serial_no": req.get("serial_no"),
        "technician": technician,
        "scheduled_start": start,
        "scheduled_end": end,
        "location": req.get("location") or "",
    }).insert(ignore_permissions=True)
    changes = {"status": "Confirmed", "service_visit": visit.name}
elif action == "reschedule":
    if req.service_visit:
        frappe.db.set_value("Service Visit", req.service_visit, {"scheduled_start": start, "scheduled_end": end, "technician": technician, "status": "Scheduled", "reminder_sent_on": None})
    changes = {"status": "Rescheduled", "reschedule_count": frappe.utils.cint(req.reschedule_count) + 1, "reminder_sent_on": None}
else:
    if req.service_visit:
        frappe.db.set_value("Service Visit", req.service_visit, "status", "Cancelled")
    changes = {"status": "Cancelled"}
if action != "cancel":
    changes["confirmed_start"] = start
    changes["confirmed_end"] = end
    changes["technician"] = technician
changes["schedule_history"] = history
changes["change_reason"] = reason or None
changes["notice_pending"] = 1
frappe.db.set_value("Appointment Request", req.name, changes)
frappe.response["message"] = {"request": req.name, "status": changes["status"], "service_visit": changes.get("service_visit") or req.service_visit}
