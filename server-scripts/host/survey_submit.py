# API · postventa.survey.submit · allow guest
# A customer answers a satisfaction survey from the link in their email (token). CSAT 1–5, NPS 0–10, a comment.
token = frappe.form_dict.get("token")
rows = frappe.get_all("Survey Response", filters={"token": token}, fields=["name", "status", "support_case"], limit=1) if token else []
if not rows:
    frappe.throw("Encuesta no encontrada: el enlace no es válido. / Survey not found: the link is not valid.", frappe.DoesNotExistError)
survey = rows[0]
if survey.status == "Answered":
    frappe.throw("Esta encuesta ya fue respondida. ¡Gracias! / This survey was already answered. Thank you!")
if survey.status == "Expired":
    frappe.throw("Esta encuesta expiró. / This survey has expired.")
csat_raw = frappe.form_dict.get("csat")
nps_raw = frappe.form_dict.get("nps")
csat = frappe.utils.cint(csat_raw)
nps = frappe.utils.cint(nps_raw)
if csat_raw in (None, "") or csat < 1 or csat > 5:
    frappe.throw("csat: indique una nota de 1 a 5. / csat: give a score from 1 to 5.")
if nps_raw not in (None, "") and (nps < 0 or nps > 10):
    frappe.throw("nps: indique un valor de 0 a 10. / nps: give a value from 0 to 10.")
comments = frappe.utils.cstr(frappe.form_dict.get("comments"))[:2000]
values = {"csat": csat, "comments": comments, "status": "Answered", "responded_on": frappe.utils.now()}
if nps_raw not in (None, ""):
    values["nps"] = nps
frappe.db.set_value("Survey Response", survey.name, values)
if survey.support_case:
    frappe.db.set_value("Support Case", survey.support_case, {"csat": csat, "nps": values.get("nps"), "survey_response": survey.name}, update_modified=False)
frappe.response["message"] = {"ok": True, "survey": survey.name}
