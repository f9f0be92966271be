# DocType Event · SLA Policy · Before Save
# An SLA policy the companion could not apply is refused here, with the field and the row named, instead of being
# saved and silently leaving every case under it without an SLA: targets of at least 0 minutes for the response
# (0 = "respuesta inmediata", due at the next opening) and more than 0 for the resolution, a response no later than
# the resolution, one target per priority and severity, a warning between 1 % and 99 %, escalations after more than
# 0 business minutes and between different levels.
def row_label(row):
    return str(row.get("priority") or "?") + "/" + str(row.get("severity") or "?")


warning = doc.get("warning_percent")
if warning is not None and warning != "" and (frappe.utils.flt(warning) < 1 or frappe.utils.flt(warning) > 99):
    frappe.throw("Aviso al: debe estar entre 1 % y 99 % del plazo. / Warning at: must be between 1% and 99% of the time allowed.", frappe.ValidationError)
seen = {}
for row in doc.get("targets") or []:
    response = row.get("response_minutes")
    resolution = row.get("resolution_minutes")
    label = row_label(row)
    if response is None or frappe.utils.cint(response) < 0:
        frappe.throw("Objetivo " + label + ": la respuesta no puede ser negativa (0 = respuesta inmediata). / Target " + label + ": the response cannot be negative (0 = immediate response).", frappe.ValidationError)
    if resolution is None or frappe.utils.cint(resolution) <= 0:
        frappe.throw("Objetivo " + label + ": la resolución debe ser de más de 0 minutos. / Target " + label + ": the resolution must be more than 0 minutes.", frappe.ValidationError)
    if frappe.utils.cint(response) > frappe.utils.cint(resolution):
        frappe.throw("Objetivo " + label + ": la respuesta no puede ser posterior a la resolución. / Target " + label + ": the response cannot come after the resolution.", frappe.ValidationError)
    if label in seen:
        frappe.throw("Objetivo " + label + ": está repetido. / Target " + label + ": is listed twice.", frappe.ValidationError)
    seen[label] = 1
for rule in doc.get("escalation_rules") or []:
    if frappe.utils.cint(rule.get("after_business_minutes")) <= 0:
        frappe.throw("Escalamiento " + str(rule.get("from_level")) + " → " + str(rule.get("to_level")) + ": los minutos hábiles deben ser más de 0. / Escalation " + str(rule.get("from_level")) + " → " + str(rule.get("to_level")) + ": the business minutes must be more than 0.", frappe.ValidationError)
    if rule.get("from_level") == rule.get("to_level"):
        frappe.throw("Escalamiento: el nivel de destino debe ser otro. / Escalation: the target level must be a different one.", frappe.ValidationError)
