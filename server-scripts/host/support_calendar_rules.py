# DocType Event · Support Calendar · Before Save
# A calendar the companion could not compile is refused here, with the field and the row named: a time zone the host
# knows (a typo such as "America/Santigo" used to be saved and leave every case on the calendar without an SLA), at
# least one window, windows and partial closures that end after they start.
def seconds(value):
    parts = str(value or "").split(":")
    if len(parts) < 2:
        return None
    total = 0
    for i in range(3):
        part = parts[i] if i < len(parts) else "0"
        part = part.split(".")[0]
        if not part.isdigit():
            return None
        total = total * 60 + int(part)
    return total


zone = doc.get("time_zone")
known = False
if isinstance(zone, str) and zone and len(zone) < 64:
    try:
        frappe.utils.get_datetime_in_timezone(zone)
        known = True
    except Exception:
        known = False
if not known:
    frappe.throw("Zona horaria: \"" + str(zone or "")[:64] + "\" no es una zona horaria válida (por ejemplo America/Santiago). / Time zone: \"" + str(zone or "")[:64] + "\" is not a valid time zone (e.g. America/Santiago).", frappe.ValidationError)
windows = doc.get("windows") or []
if not windows:
    frappe.throw("Horario: agregue al menos una franja de atención. / Hours: add at least one window of service.", frappe.ValidationError)
for w in windows:
    start = seconds(w.get("start_time"))
    end = seconds(w.get("end_time"))
    if start is None or end is None or end <= start:
        frappe.throw("Horario " + str(w.get("weekday") or "") + ": la hora de término debe ser posterior a la de inicio. / Hours " + str(w.get("weekday") or "") + ": the end time must come after the start time.", frappe.ValidationError)
for c in doc.get("closures") or []:
    if frappe.utils.cint(c.get("whole_day")):
        continue
    start = seconds(c.get("start_time"))
    end = seconds(c.get("end_time"))
    if start is None or end is None or end <= start:
        frappe.throw("Cierre " + str(c.get("closure_date") or "") + ": la hora de término debe ser posterior a la de inicio, o marque día completo. / Closure " + str(c.get("closure_date") or "") + ": the end time must come after the start time, or mark it whole day.", frappe.ValidationError)
