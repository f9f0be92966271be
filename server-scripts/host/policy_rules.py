# DocType Event · Service Policy · Before Save
# A póliza's life (issue 14): made from a Service Plan (what the request leaves empty is taken from the plan: SLA,
# VIP, period, allowance, maintenance interval and basis, price, item), Draft → Active → Expired / Cancelled.
# Suspended is billing's: only the integration (the companion's policy-money job) or the host's own scripts set or
# lift it; people may still cancel a suspended póliza. Expired and Cancelled are final for people (a renewal is a new
# póliza). Cancelling needs a reason. The covered equipment: each serial once, of this customer, the item taken from
# the Serial No, and not covered by another live póliza (its renewal excepted). Every refusal names the field.
INTEGRATION = ("Postventa Integration",)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
system = frappe.session.user == "Administrator" or any(r in INTEGRATION for r in roles)
existing = frappe.db.get_value("Service Policy", doc.name, ["status", "renewed_from", "renewed_to"], as_dict=True) if doc.name and frappe.db.exists("Service Policy", doc.name) else None
before = existing.status if existing else None
status = doc.get("status") or "Draft"

if doc.get("plan") and not existing:
    plan = frappe.db.get_value("Service Plan", doc.plan, ["name", "enabled", "sla_policy", "vip", "period", "allowance_hours", "allowance_cases", "maintenance_interval_months", "maintenance_basis", "price", "currency", "billing_item"], as_dict=True)
    if not plan:
        frappe.throw("Plan: no existe el plan " + str(doc.plan) + ". / Plan: there is no plan " + str(doc.plan) + ".", frappe.ValidationError)
    if not plan.enabled:
        frappe.throw("Plan: el plan " + plan.name + " está deshabilitado. / Plan: plan " + plan.name + " is disabled.", frappe.ValidationError)
    for f in ("sla_policy", "period", "allowance_hours", "allowance_cases", "maintenance_interval_months", "price", "currency", "billing_item"):
        if doc.get(f) in (None, "", 0) and plan.get(f) not in (None, ""):
            doc.set(f, plan.get(f))
    # Check and Select fields arrive with their defaults: the plan's VIP and "After completion" are taken over them.
    if plan.vip and not doc.get("vip"):
        doc.vip = 1
    if plan.maintenance_basis == "After completion":
        doc.maintenance_basis = "After completion"

if status not in ("Draft", "Active", "Suspended", "Expired", "Cancelled"):
    frappe.throw("Estado: " + str(status) + " no es un estado de póliza. / Status: " + str(status) + " is not a policy status.", frappe.ValidationError)
if not system and status != before:
    if status == "Suspended" or before == "Suspended" and status != "Cancelled":
        frappe.throw("Estado: la suspensión la decide facturación (pago vencido) y se levanta al pagar. / Status: suspension is decided by billing (overdue payment) and lifted on payment.", frappe.ValidationError)
    allowed = {None: ("Draft", "Active"), "Draft": ("Active", "Cancelled"), "Active": ("Expired", "Cancelled"), "Suspended": ("Cancelled",)}
    if status not in allowed.get(before, ()):
        frappe.throw("Estado: una póliza " + str(before) + " no pasa a " + status + ". / Status: a " + str(before) + " policy cannot become " + status + ".", frappe.ValidationError)
if status == "Cancelled" and before != "Cancelled" and len((doc.get("cancellation_reason") or "").strip()) < 5:
    frappe.throw("Motivo de la cancelación: escriba al menos 5 caracteres. / Cancellation reason: write at least 5 characters.", frappe.ValidationError)
if len(doc.get("cancellation_reason") or "") > 1000:
    frappe.throw("Motivo de la cancelación: hasta 1.000 caracteres. / Cancellation reason: up to 1,000 characters.", frappe.ValidationError)
if doc.get("start_date") and doc.get("end_date") and str(doc.end_date)[:10] < str(doc.start_date)[:10]:
    frappe.throw("Fecha de término: no puede ser anterior a la de inicio. / End date: cannot be before the start date.", frappe.ValidationError)
for f, label in (("allowance_hours", "Horas incluidas / Allowance hours"), ("allowance_cases", "Casos incluidos / Allowance cases"), ("price", "Precio / Price")):
    if frappe.utils.flt(doc.get(f)) < 0:
        frappe.throw(label + ": no puede ser negativo. / cannot be negative.", frappe.ValidationError)
interval = frappe.utils.cint(doc.get("maintenance_interval_months"))
if interval < 0 or interval > 60:
    frappe.throw("Intervalo de mantención: entre 0 y 60 meses. / Maintenance interval: between 0 and 60 months.", frappe.ValidationError)
lead = doc.get("maintenance_lead_days")
if lead not in (None, "") and (frappe.utils.cint(lead) < 0 or frappe.utils.cint(lead) > 365):
    frappe.throw("Días de anticipación: entre 0 y 365. / Lead days: between 0 and 365.", frappe.ValidationError)

rows = doc.get("equipment") or []
if len(rows) > 500:
    frappe.throw("Equipos cubiertos: hasta 500 por póliza. / Covered equipment: up to 500 per policy.", frappe.ValidationError)
seen = {}
serials = [r.get("serial_no") for r in rows if r.get("serial_no")]
info = {}
if serials:
    for s in frappe.get_all("Serial No", filters={"name": ["in", serials]}, fields=["name", "item_code", "customer", "covering_policy"], limit=500):
        info[s.name] = s
related = [x for x in (doc.name, doc.get("renewed_from"), existing.renewed_to if existing else None) if x]
for i, r in enumerate(rows):
    at = "Equipos cubiertos, fila " + str(i + 1) + " / Covered equipment, row " + str(i + 1)
    serial = r.get("serial_no")
    if not serial:
        if not r.get("item"):
            frappe.throw(at + ": indique el número de serie o el artículo. / give the serial number or the item.", frappe.ValidationError)
        continue
    s = info.get(serial)
    if not s:
        frappe.throw(at + ": no existe el número de serie " + serial + ". / serial number " + serial + " does not exist.", frappe.ValidationError)
    if serial in seen:
        frappe.throw(at + ": el número de serie " + serial + " ya está en la fila " + str(seen[serial]) + ". / serial number " + serial + " is already on row " + str(seen[serial]) + ".", frappe.ValidationError)
    seen[serial] = i + 1
    if s.customer and s.customer != doc.customer:
        frappe.throw(at + ": el número de serie " + serial + " es de otro cliente. / serial number " + serial + " belongs to another customer.", frappe.ValidationError)
    other = s.covering_policy
    if other and other not in related and status in ("Active", "Suspended"):
        live = frappe.db.get_value("Service Policy", other, ["status", "renewed_from", "renewed_to"], as_dict=True)
        if live and live.status in ("Active", "Suspended") and live.renewed_to != doc.name and live.renewed_from != doc.name:
            frappe.throw(at + ": el número de serie " + serial + " ya está cubierto por la póliza " + other + ". / serial number " + serial + " is already covered by policy " + other + ".", frappe.ValidationError)
    r.item = s.item_code
    if frappe.utils.cint(r.get("maintenance_interval_months")) < 0 or frappe.utils.cint(r.get("maintenance_interval_months")) > 60:
        frappe.throw(at + ": intervalo entre 0 y 60 meses. / interval between 0 and 60 months.", frappe.ValidationError)
