# API · postventa.survey.submit · allow guest · POST
# A customer answers a satisfaction survey from the link in their e-mail (issue 17): CSAT 1–5 (the relationship
# survey asks NPS 0–10 instead), NPS when asked, the template's other questions (Rating 1–5, Text), a comment.
# The link names the survey and carries its secret, kept encrypted in a Password field (no filter or count can
# read it) and compared as a string; answered once, not after its expiry. Saving it stamps the case and opens a
# detractor's follow-up (survey_answered.py). Every argument is checked for type and length before any query.
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
csat_raw = frappe.form_dict.get("csat")
nps_raw = frappe.form_dict.get("nps")
has_csat = csat_raw not in (None, "")
has_nps = nps_raw not in (None, "")
if has_csat and csat_raw not in (1, 2, 3, 4, 5, "1", "2", "3", "4", "5"):
    frappe.throw("csat: indique una nota de 1 a 5. / csat: give a score from 1 to 5.")
if has_nps and nps_raw not in tuple(range(11)) + tuple(str(n) for n in range(11)):
    frappe.throw("nps: indique un valor de 0 a 10. / nps: give a value from 0 to 10.")
comments = frappe.form_dict.get("comments") or ""
if not isinstance(comments, str) or len(comments) > 2000:
    frappe.throw("comments: un texto de hasta 2000 caracteres. / comments: a text of up to 2000 characters.")
answers = frappe.form_dict.get("answers") or []
if isinstance(answers, str) and len(answers) < 40000:
    answers = json.loads(answers)
if not isinstance(answers, list) or len(answers) > 20:
    frappe.throw("answers: hasta 20 respuestas. / answers: up to 20 answers.")
for i, a in enumerate(answers):
    at = "answers[" + str(i) + "]"
    if not isinstance(a, dict) or not isinstance(a.get("question"), str) or len(a.get("question")) > 140 or not isinstance(a.get("answer"), str) or len(a.get("answer")) > 1000:
        frappe.throw(at + ": una pregunta y una respuesta de hasta 1000 caracteres. / " + at + ": a question and an answer of up to 1000 characters.")
if not frappe.db.exists("Survey Response", name):
    frappe.throw(NOT_FOUND, frappe.DoesNotExistError)
survey = frappe.get_doc("Survey Response", name)
if survey.status == "Skipped" or (survey.get_password("token", raise_exception=False) or "") != token:
    frappe.throw(NOT_FOUND, frappe.DoesNotExistError)
if survey.status == "Answered":
    frappe.throw("Esta encuesta ya fue respondida. ¡Gracias! / This survey was already answered. Thank you!")
if survey.status == "Expired" or (survey.expires_on and str(survey.expires_on) < frappe.utils.now()):
    frappe.throw("Esta encuesta expiró. / This survey has expired.")
periodic = survey.trigger == "Periodic"
if periodic and not has_nps:
    frappe.throw("nps: indique un valor de 0 a 10. / nps: give a value from 0 to 10.")
if not periodic and not has_csat:
    frappe.throw("csat: indique una nota de 1 a 5. / csat: give a score from 1 to 5.")
asked = {}
if survey.survey_template and frappe.db.exists("Survey Template", survey.survey_template):
    for q in frappe.get_doc("Survey Template", survey.survey_template).questions or []:
        if q.question_type in ("Rating", "Text"):
            asked[q.question] = q
        elif q.required and ((q.question_type == "CSAT" and not has_csat) or (q.question_type == "NPS" and not has_nps)):
            frappe.throw(q.question[:60] + ": esta pregunta es obligatoria. / " + q.question[:60] + ": this question is required.")
rows = []
for a in answers:
    q = asked.get(a["question"])
    if not q:
        frappe.throw("answers: «" + a["question"][:60] + "» no es una pregunta de esta encuesta. / answers: “" + a["question"][:60] + "” is not a question of this survey.")
    value = a["answer"].strip()
    if q.question_type == "Rating" and value and value not in ("1", "2", "3", "4", "5"):
        frappe.throw(a["question"][:60] + ": una nota de 1 a 5. / " + a["question"][:60] + ": a score from 1 to 5.")
    if value:
        rows.append({"question": q.question, "answer": value})
given = [r["question"] for r in rows]
for q in asked.values():
    if q.required and q.question not in given:
        frappe.throw(q.question[:60] + ": esta pregunta es obligatoria. / " + q.question[:60] + ": this question is required.")
csat = frappe.utils.cint(csat_raw) if has_csat else None
nps = frappe.utils.cint(nps_raw) if has_nps else None
survey.csat = csat
survey.nps = nps
survey.comments = comments
survey.status = "Answered"
survey.responded_on = frappe.utils.now()
survey.set("answers", rows)
# "Postventa - Encuesta respondida" (survey_answered.py) stamps the case and opens a detractor's follow-up.
survey.save(ignore_permissions=True)
frappe.response["message"] = {"ok": True, "survey": survey.name, "detractor": frappe.utils.cint(frappe.db.get_value("Survey Response", survey.name, "detractor"))}
