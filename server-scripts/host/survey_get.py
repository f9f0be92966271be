# API · postventa.survey.get · allow guest · POST
# The survey page (`#/survey/<survey>/<token>`, issue 17) opens with this: the link names the survey and carries
# its secret (an encrypted Password field, compared as a string). It answers what the page shows — the company
# asking, the case's number and subject, the template's intro, questions and thanks — and the state: open,
# answered or expired (told kindly, with nothing else). Arguments are checked for type and length first.
TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
NOT_FOUND = "Encuesta no encontrada: el enlace no es válido. / Survey not found: the link is not valid."
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
name = frappe.form_dict.get("survey")
token = frappe.form_dict.get("token")
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw(NOT_FOUND, frappe.DoesNotExistError)
if not isinstance(token, str) or len(token) < 16 or len(token) > 128 or any(ch not in TOKEN_CHARS for ch in token):
    frappe.throw(NOT_FOUND, frappe.DoesNotExistError)
if not frappe.db.exists("Survey Response", name):
    frappe.throw(NOT_FOUND, frappe.DoesNotExistError)
survey = frappe.get_doc("Survey Response", name)
if survey.status == "Skipped" or (survey.get_password("token", raise_exception=False) or "") != token:
    frappe.throw(NOT_FOUND, frappe.DoesNotExistError)
expired = survey.status == "Expired" or (survey.status != "Answered" and survey.expires_on and str(survey.expires_on) < frappe.utils.now())
state = "answered" if survey.status == "Answered" else ("expired" if expired else "open")
company = frappe.db.get_single_value("Postventa Settings", "default_company") or ""
language = frappe.db.get_value("Customer", survey.customer, "language") if survey.customer else None
out = {"survey": survey.name, "state": state, "company": company, "language": language or ""}
if state == "open":
    questions = []
    intro = ""
    thanks = ""
    if survey.survey_template and frappe.db.exists("Survey Template", survey.survey_template):
        tpl = frappe.get_doc("Survey Template", survey.survey_template)
        intro = tpl.intro_text or ""
        thanks = tpl.thanks_text or ""
        for q in tpl.questions or []:
            questions.append({"question": q.question, "type": q.question_type, "required": 1 if q.required else 0})
    if not questions:
        questions = [{"question": "", "type": "CSAT", "required": 1}, {"question": "", "type": "NPS", "required": 0}, {"question": "", "type": "Text", "required": 0}]
    case = frappe.db.get_value("Support Case", survey.support_case, ["name", "subject"], as_dict=True) if survey.support_case else None
    out.update({
        "trigger": survey.trigger or "Case Closed",
        "intro": intro,
        "thanks": thanks,
        "questions": questions,
        "case": case.name if case else None,
        "case_subject": case.subject if case else None,
        "expires_on": str(survey.expires_on or ""),
    })
elif state == "answered":
    thanks = frappe.db.get_value("Survey Template", survey.survey_template, "thanks_text") if survey.survey_template else None
    out["thanks"] = thanks or ""
frappe.response["message"] = out
