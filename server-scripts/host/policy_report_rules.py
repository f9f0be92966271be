# DocType Event · Policy Report · Before Save
# A póliza's monthly report (issue 15). The companion's policy-reports job makes it — figures, PDF, sending — as the
# integration; people (a Support Manager) may only write the report's own technical recommendations and ask for an
# action: "Preview" (the month so far, never sent), "Regenerate" (the PDF made again, e.g. after editing the
# recommendations) or "Send" (made again and e-mailed to the report recipients). A manager may start a preview of the
# month in progress or of a past month; the figures, the PDF and the sending stay the companion's. One report per
# póliza and month: report_key "<policy>|YYYY-MM" is unique. Every refusal names the field.
INTEGRATION = ("Postventa Integration",)
MANAGERS = ("Support Manager", "System Manager")
OWNED = ("kpis", "pdf_file", "sent_on", "generated_on", "sent_to", "send_problem")
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
system = frappe.session.user == "Administrator" or any(r in INTEGRATION for r in roles)
existing = frappe.db.get_value("Policy Report", doc.name, ["service_policy", "period_start", "period_end", "status", "kpis", "pdf_file", "sent_on", "generated_on", "sent_to", "send_problem"], as_dict=True) if doc.name and frappe.db.exists("Policy Report", doc.name) else None
policy_name = doc.get("service_policy")
if not isinstance(policy_name, str) or not policy_name or len(policy_name) > 140:
    frappe.throw("Póliza: obligatoria. / Policy: required.", frappe.ValidationError)
policy = frappe.db.get_value("Service Policy", policy_name, ["name", "customer", "status", "start_date"], as_dict=True)
if not policy:
    frappe.throw("Póliza: no existe la póliza " + policy_name + ". / Policy: there is no policy " + policy_name + ".", frappe.ValidationError)
start = str(doc.get("period_start") or "")[:10]
end = str(doc.get("period_end") or "")[:10]
if len(start) != 10 or start[8:] != "01" or start[4] != "-" or not (start[:4] + start[5:7]).isdigit():
    frappe.throw("Inicio del período: el primer día de un mes (AAAA-MM-01). / Period start: the first day of a month (YYYY-MM-01).", frappe.ValidationError)
if len(end) != 10 or end[:7] != start[:7] or end < start:
    frappe.throw("Fin del período: un día del mismo mes que el inicio. / Period end: a day in the same month as the start.", frappe.ValidationError)
action = doc.get("requested_action") or ""
if action not in ("", "Preview", "Regenerate", "Send"):
    frappe.throw("Acción pedida: Vista previa, Regenerar o Enviar. / Requested action: Preview, Regenerate or Send.", frappe.ValidationError)
if len(doc.get("recommendations") or "") > 20000:
    frappe.throw("Recomendaciones técnicas: hasta 20000 caracteres. / Technical recommendations: up to 20000 characters.", frappe.ValidationError)
if not system:
    if not any(r in MANAGERS for r in roles):
        frappe.throw("Solo un gerente de soporte cambia los informes mensuales. / Only a support manager changes monthly reports.", frappe.PermissionError)
    month_now = frappe.utils.nowdate()[:7]
    if existing is None:
        if start[:7] > month_now:
            frappe.throw("Inicio del período: ese mes todavía no empieza. / Period start: that month has not begun.", frappe.ValidationError)
        if policy.status in ("Draft", "Cancelled"):
            frappe.throw("Póliza: una póliza " + policy.status + " no tiene informes. / Policy: a " + policy.status + " policy has no reports.", frappe.ValidationError)
        doc.status = "Draft"
        for f in OWNED:
            doc.set(f, None)
        if not action:
            doc.requested_action = "Preview"
    else:
        for f, es, en in (("service_policy", "Póliza", "Policy"), ("period_start", "Inicio del período", "Period start"), ("period_end", "Fin del período", "Period end"), ("status", "Estado", "Status")):
            cut = 10 if f.startswith("period") else 140
            if str(doc.get(f) or "")[:cut] != str(existing.get(f) or "")[:cut]:
                frappe.throw(es + ": es del informe, no se edita. / " + en + ": it is the report's own, not edited.", frappe.ValidationError)
        for f in OWNED:
            doc.set(f, existing.get(f))
    if action == "Send" and start[:7] >= month_now:
        frappe.throw("Acción pedida: el mes no ha terminado; use Vista previa. / Requested action: the month is not over; use Preview.", frappe.ValidationError)
    if action:
        doc.requested_by = frappe.session.user
doc.customer = policy.customer
doc.report_key = policy_name + "|" + start[:7]
