# DocType Event · Postventa Settings · Before Save
# Settings the automation could not use are refused with the field named: lead times, grace days, delays and hour
# budgets are never negative, percentages lie between 0 and 100, the monthly report day is a day of a month.
NOT_NEGATIVE = (
    ("overdue_grace_days", "Días de gracia por deuda / Overdue grace days"),
    ("maintenance_lead_days", "Días de anticipación del mantenimiento / Maintenance lead days"),
    ("renewal_notice_days", "Días de aviso de renovación / Renewal notice days"),
    ("appointment_reminder_hours", "Horas de recordatorio de cita / Appointment reminder hours"),
    ("survey_delay_hours", "Horas de espera de la encuesta / Survey delay hours"),
    ("sweep_interval_minutes", "Minutos entre revisiones / Sweep interval minutes"),
    ("n1_hour_budget", "Horas N1 / N1 hour budget"),
    ("n2_hour_budget", "Horas N2 / N2 hour budget"),
    ("n3_hour_budget", "Horas N3 / N3 hour budget"),
    ("n1_hourly_rate", "Tarifa N1 / N1 hourly rate"),
    ("n2_hourly_rate", "Tarifa N2 / N2 hourly rate"),
    ("n3_hourly_rate", "Tarifa N3 / N3 hourly rate"),
    ("at_risk_breaches_per_month", "Incumplimientos por mes en riesgo / At-risk breaches per month"),
)
for field, label in NOT_NEGATIVE:
    if frappe.utils.flt(doc.get(field)) < 0:
        frappe.throw(label + ": no puede ser negativo. / cannot be negative.", frappe.ValidationError)
percent = frappe.utils.flt(doc.get("survey_sampling_percent"))
if percent < 0 or percent > 100:
    frappe.throw("Porcentaje de muestreo / Survey sampling percent: debe estar entre 0 y 100. / must be between 0 and 100.", frappe.ValidationError)
day = doc.get("monthly_report_day")
if day is not None and day != "" and (frappe.utils.cint(day) < 1 or frappe.utils.cint(day) > 28):
    frappe.throw("Día del informe mensual / Monthly report day: entre 1 y 28 (todos los meses lo tienen). / between 1 and 28 (every month has it).", frappe.ValidationError)
