# API · postventa.survey.submit · allow guest · POST
# A customer answers a satisfaction survey from the link in their email (token). CSAT 1–5, NPS 0–10, a comment.
# The link names the survey and carries its secret, kept encrypted in a Password field (no filter or count can read
# it) and compared as a string. Every argument is checked for type and length before any query.
TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
name = frappe.form_dict.get("survey")
token = frappe.form_dict.get("token")
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("Encuesta no encontrada: el enlace no es válido. / Survey not found: the link is not valid.", frappe.DoesNotExistError)
if not isinstance(token, str) or len(token) < 16 or len(token) > 128 or any(ch not in TOKEN_CHARS for ch in token):
    frappe.throw("Encuesta no encontrada: el enlace no es válido. / Survey not found: the link is not valid.", frappe.DoesNotExistError)
csat_raw = frappe.form_dict.get("csat")
nps_raw = frappe.form_dict.get("nps")
if csat_raw not in (1, 2, 3, 4, 5, "1", "2", "3", "4", "5"):
    frappe.throw("csat: indique una nota de 1 a 5. / csat: give a score from 1 to 5.")
has_nps = nps_raw not in (None, "")
if has_nps and nps_raw not in tuple(range(11)) + tuple(str(n) for n in range(11)):
    frappe.throw("nps: indique un valor de 0 a 10. / nps: give a value from 0 to 10.")
comments = frappe.form_dict.get("comments") or ""
if not isinstance(comments, str) or len(comments) > 2000:
    frappe.throw("comments: un texto de hasta 2000 caracteres. / comments: a text of up to 2000 characters.")
if not frappe.db.exists("Survey Response", name):
    frappe.throw("Encuesta no encontrada: el enlace no es válido. / Survey not found: the link is not valid.", frappe.DoesNotExistError)
survey = frappe.get_doc("Survey Response", name)
if (survey.get_password("token", raise_exception=False) or "") != token:
    frappe.throw("Encuesta no encontrada: el enlace no es válido. / Survey not found: the link is not valid.", frappe.DoesNotExistError)
if survey.status == "Answered":
    frappe.throw("Esta encuesta ya fue respondida. ¡Gracias! / This survey was already answered. Thank you!")
if survey.status == "Expired":
    frappe.throw("Esta encuesta expiró. / This survey has expired.")
csat = frappe.utils.cint(csat_raw)
values = {"csat": csat, "comments": comments, "status": "Answered", "responded_on": frappe.utils.now()}
if has_nps:
    values["nps"] = frappe.utils.cint(nps_raw)
frappe.db.set_value("Survey Response", survey.name, values)
if survey.support_case:
    frappe.db.set_value("Support Case", survey.support_case, {"csat": csat, "nps": values.get("nps"), "survey_response": survey.name}, update_modified=False)
frappe.response["message"] = {"ok": True, "survey": survey.name}
