# API · postventa.portal.surveys
# The satisfaction surveys waiting for a portal customer (issue 16; the signed-in twin of the e-mailed link,
# survey_submit.py):
#   GET  → their customers' surveys still Pending or Sent that are theirs to answer (sent to their e-mail, or about a
#          case they opened; any of the customer's for a customer manager), with the case or visit they are about and
#          the template's intro.
#   POST survey, csat (1–5), nps (0–10, optional), comments → answered once, stamped on the survey and its case (survey_answered.py).
# Every argument is checked for type and length before any query.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
manager = "Support Customer Manager" in roles


def mine(s):
    if manager or (s.contact_email or "").lower() == user.lower():
        return True
    return bool(s.support_case) and frappe.db.get_value("Support Case", s.support_case, "owner") == user


FIELDS = ["name", "customer", "support_case", "service_visit", "survey_template", "contact_email", "status", "sent_on"]
if not frappe.request or frappe.request.method == "GET":
    out = []
    if customers:
        for s in frappe.get_all("Survey Response", filters={"customer": ["in", customers], "status": ["in", ["Pending", "Sent"]]}, fields=FIELDS, order_by="sent_on desc", limit=50):
            if mine(s):
                s["subject"] = frappe.db.get_value("Support Case", s.support_case, "subject") if s.support_case else None
                s["intro_text"] = frappe.db.get_value("Survey Template", s.survey_template, "intro_text") if s.survey_template else None
                s["contact_email"] = None
                out.append(s)
    frappe.response["message"] = out
else:
    name = frappe.form_dict.get("survey")
    csat_raw = frappe.form_dict.get("csat")
    nps_raw = frappe.form_dict.get("nps")
    comments = frappe.form_dict.get("comments") or ""
    if not isinstance(name, str) or not name or len(name) > 140:
        frappe.throw("Encuesta: indique cuál. / Survey: say which.")
    if csat_raw not in (1, 2, 3, 4, 5, "1", "2", "3", "4", "5"):
        frappe.throw("Satisfacción: elija de 1 a 5. / Satisfaction: choose from 1 to 5.")
    has_nps = nps_raw not in (None, "")
    if has_nps and nps_raw not in tuple(range(11)) + tuple(str(n) for n in range(11)):
        frappe.throw("Recomendación: elija de 0 a 10. / Recommendation: choose from 0 to 10.")
    if not isinstance(comments, str) or len(comments) > 2000:
        frappe.throw("Comentarios: hasta 2.000 caracteres. / Comments: up to 2,000 characters.")
    s = frappe.db.get_value("Survey Response", name, FIELDS, as_dict=True)
    if not s or s.customer not in customers or not mine(s):
        frappe.throw("Encuesta no encontrada. / Survey not found.", frappe.DoesNotExistError)
    if s.status == "Answered":
        frappe.throw("Esta encuesta ya fue respondida. ¡Gracias! / This survey was already answered. Thank you!")
    if s.status == "Expired":
        frappe.throw("Esta encuesta expiró. / This survey has expired.")
    if s.status not in ("Pending", "Sent"):
        frappe.throw("Encuesta no encontrada. / Survey not found.", frappe.DoesNotExistError)
    doc = frappe.get_doc("Survey Response", s.name)
    doc.csat = frappe.utils.cint(csat_raw)
    doc.nps = frappe.utils.cint(nps_raw) if has_nps else None
    doc.comments = comments.strip()
    doc.status = "Answered"
    doc.responded_on = frappe.utils.now()
    # Saved as a document, so "Postventa - Encuesta respondida" stamps the case and opens a detractor's follow-up.
    doc.save(ignore_permissions=True)
    frappe.response["message"] = {"survey": s.name, "answered": True}
