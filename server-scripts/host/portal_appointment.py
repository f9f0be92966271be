# API · postventa.portal.appointments
# A portal customer's visit appointments (seed 001 "Agendamientos", issue 16):
#   GET                        → their customers' appointments, upcoming first (the confirmed time and technician
#                                once the board confirms).
#   POST action=request        → a new Appointment Request through the Portal channel: customer (one of theirs),
#                                serial (of that customer), reason, preferred date (from tomorrow), time of day,
#                                alternative date (after it), place. appointment_rules.py checks the texts and dates
#                                and keeps the board's fields to the board.
#   POST action=change, name   → new preferences with a reason: the appointment goes back to the board as Requested
#                                (its visit, if confirmed, is cancelled and the technician freed), counted and kept
#                                in its history.
#   POST action=cancel, name   → Cancelled with a reason (its visit too), kept in its history.
# Never a Done or Cancelled one, nor one whose confirmed visit has started. Every argument is checked for type and
# length before any query.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
args = frappe.form_dict
FIELDS = ["name", "customer", "serial_no", "reason", "preferred_date", "preferred_slot", "alternative_date", "location", "status", "confirmed_start", "confirmed_end", "technician", "reschedule_count", "change_reason", "requested_via"]
if not frappe.request or frappe.request.method == "GET":
    rows = []
    if customers:
        rows = frappe.get_all("Appointment Request", filters={"customer": ["in", customers]}, fields=FIELDS, order_by="preferred_date desc", limit=100)
        for r in rows:
            r["technician_name"] = frappe.db.get_value("User", r.technician, "full_name") if r.technician else None
            r["technician"] = None
    frappe.response["message"] = rows
else:
    action = args.get("action")
    if action not in ("request", "change", "cancel"):
        frappe.throw("action: request, change o cancel. / action: request, change or cancel.")
    reason = args.get("reason") or ""
    if not isinstance(reason, str) or len(reason) > 1000:
        frappe.throw("Motivo: hasta 1.000 caracteres. / Reason: up to 1,000 characters.")
    prefs = {}
    if action in ("request", "change"):
        for f, most, label in (("preferred_date", 10, "Fecha preferida / Preferred date"), ("alternative_date", 10, "Fecha alternativa / Alternative date"), ("preferred_slot", 20, "Horario / Time of day"), ("location", 500, "Lugar / Place")):
            v = args.get(f) or ""
            if not isinstance(v, str) or len(v) > most:
                frappe.throw(label + ": hasta " + str(most) + " caracteres. / up to " + str(most) + " characters.")
            prefs[f] = v or None
        if not prefs["preferred_date"] or len(prefs["preferred_date"]) != 10 or prefs["preferred_date"][4] != "-" or prefs["preferred_date"][7] != "-" or not prefs["preferred_date"].replace("-", "").isdigit():
            frappe.throw("Fecha preferida: indique un día (AAAA-MM-DD). / Preferred date: give a day (YYYY-MM-DD).")
        if prefs["preferred_date"] <= frappe.utils.today():
            frappe.throw("Fecha preferida: desde mañana en adelante. / Preferred date: from tomorrow on.")
        if prefs["preferred_slot"] not in (None, "Any", "Morning", "Afternoon"):
            frappe.throw("Horario: mañana, tarde o cualquiera. / Time of day: morning, afternoon or any.")
        prefs["preferred_slot"] = prefs["preferred_slot"] or "Any"
    if not reason.strip() and action != "request":
        frappe.throw("Motivo: cuéntenos por qué. / Reason: tell us why.")
    if action == "request":
        customer = args.get("customer") or ""
        serial = args.get("serial_no") or ""
        if not isinstance(customer, str) or len(customer) > 140 or not isinstance(serial, str) or len(serial) > 140:
            frappe.throw("Cliente o equipo: no válidos. / Customer or equipment: not valid.")
        if not customer and len(customers) == 1:
            customer = customers[0]
        if customer not in customers:
            frappe.throw("Cliente: elija una de sus empresas. / Customer: choose one of your companies.", frappe.PermissionError)
        if not reason.strip():
            frappe.throw("Motivo: cuéntenos para qué es la visita. / Reason: tell us what the visit is for.")
        if serial and frappe.db.get_value("Serial No", serial, "customer") != customer:
            frappe.throw("Equipo: no es un equipo de " + customer + ". / Equipment: not equipment of " + customer + ".")
        contact = frappe.db.get_value("Contact", {"user": user}, "name") or frappe.db.get_value("Contact", {"email_id": user}, "name")
        doc = {"doctype": "Appointment Request", "customer": customer, "requested_via": "Portal", "reason": reason.strip()}
        doc.update(prefs)
        if serial:
            doc["serial_no"] = serial
        if contact:
            doc["contact"] = contact
        made = frappe.get_doc(doc).insert(ignore_permissions=True)
        frappe.response["message"] = {"name": made.name, "status": made.status}
    else:
        name = args.get("name")
        if not isinstance(name, str) or not name or len(name) > 140:
            frappe.throw("Cita: indique cuál. / Appointment: say which.")
        req = frappe.db.get_value("Appointment Request", name, ["name", "customer", "status", "service_visit", "schedule_history", "reschedule_count", "confirmed_start"], as_dict=True)
        if not req or req.customer not in customers:
            frappe.throw("Cita no encontrada. / Appointment not found.", frappe.DoesNotExistError)
        if req.status in ("Done", "Cancelled"):
            frappe.throw("La cita ya está cerrada. / The appointment is already closed.")
        if req.confirmed_start and str(req.confirmed_start) <= str(frappe.utils.now_datetime()):
            frappe.throw("La visita ya comenzó: llame a soporte. / The visit has already started: call support.")
        stamp = str(frappe.utils.now_datetime())[:16]
        if action == "cancel":
            line = stamp + " · " + user + " (cliente / customer) · cancelada / cancelled · " + reason.strip()
            changes = {"status": "Cancelled", "change_reason": reason.strip()}
        else:
            line = stamp + " · " + user + " (cliente / customer) · pide " + prefs["preferred_date"] + " / asks for " + prefs["preferred_date"] + " · " + reason.strip()
            changes = {"status": "Requested", "change_reason": reason.strip(), "confirmed_start": None, "confirmed_end": None, "technician": None, "reschedule_count": (req.reschedule_count or 0) + 1}
            changes.update(prefs)
        if req.service_visit:
            frappe.db.set_value("Service Visit", req.service_visit, "status", "Cancelled")
            if action == "change":
                changes["service_visit"] = None
        changes["schedule_history"] = ((req.schedule_history or "") + "\n" + line).strip()[-20000:]
        frappe.db.set_value("Appointment Request", req.name, changes)
        frappe.response["message"] = {"name": req.name, "status": changes["status"]}
