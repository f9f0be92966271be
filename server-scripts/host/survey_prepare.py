# API · postventa.survey.prepare · POST
# The satisfaction surveys due (issue 17), from the companion's surveys job, up to 500 items per call:
#   case         — a Closed case (after the settings' delay, chosen by the job);
#   visit        — a Completed service visit;
#   relationship — the periodic "would you recommend us" of a customer, once per `period` (e.g. 2026-H2);
#   reminder     — a survey sent and not answered (once);
#   expire       — a survey whose link has run out.
# Each survey is made once (its dedupe key is unique): to the case's contact (else who raised it), the visit's
# request contact (else its case's), or the customer's primary contact. It is recorded as Skipped, with the reason,
# when the job's sampling left it out, when the same address had a survey within the quiet days, or when there is
# nobody to ask. A new one carries a secret (an encrypted Password field) and an expiry, and stays Pending until
# `postventa.notice.send` mails it; the answer lists every Pending survey (and each due reminder) with its link, so
# a run that failed half-way is finished by the next. Only the integration calls it; arguments are checked first.
ALLOWED = ("Postventa Integration", "System Manager")
KINDS = ("case", "visit", "relationship", "reminder", "expire")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo la integración prepara encuestas. / Only the integration prepares surveys.", frappe.PermissionError)
items = frappe.form_dict.get("items")
if isinstance(items, str) and len(items) < 1000000:
    items = json.loads(items)
if not isinstance(items, list) or len(items) > 500:
    frappe.throw("items: hasta 500 encuestas. / items: up to 500 surveys.")
clean = []
for i, it in enumerate(items):
    at = "items[" + str(i) + "]"
    if not isinstance(it, dict) or it.get("kind") not in KINDS:
        frappe.throw(at + ": tipo desconocido. / " + at + ": unknown kind.")
    name = it.get("name")
    if not isinstance(name, str) or not name or len(name) > 140:
        frappe.throw(at + ".name: un nombre de hasta 140 caracteres. / " + at + ".name: a name of up to 140 characters.")
    period = it.get("period") or ""
    if not isinstance(period, str) or len(period) > 20:
        frappe.throw(at + ".period: hasta 20 caracteres. / " + at + ".period: up to 20 characters.")
    if it.get("kind") == "relationship" and not period:
        frappe.throw(at + ".period: indique el período. / " + at + ".period: give the period.")
    if not isinstance(it.get("sampled", True), bool):
        frappe.throw(at + ".sampled: verdadero o falso. / " + at + ".sampled: true or false.")
    clean.append({"kind": it["kind"], "name": name, "period": period, "sampled": it.get("sampled", True)})

settings = frappe.db.get_value("Postventa Settings", "Postventa Settings", ["survey_quiet_days", "survey_expiry_days", "default_survey_template"], as_dict=True) or {}
quiet = frappe.utils.cint(settings.get("survey_quiet_days"))
expiry = max(1, frappe.utils.cint(settings.get("survey_expiry_days") or 14))
now = frappe.utils.now()
TRIGGERS = {"case": "Case Closed", "visit": "Visit Completed", "relationship": "Periodic"}


def template_for(trigger, service_type):
    found = frappe.get_all("Survey Template", filters={"enabled": 1, "trigger": trigger, "service_type": service_type}, pluck="name", limit=1) if service_type else []
    if not found:
        found = frappe.get_all("Survey Template", filters={"enabled": 1, "trigger": trigger, "service_type": ["is", "not set"]}, pluck="name", limit=1)
    if not found and settings.get("default_survey_template"):
        found = [settings.get("default_survey_template")]
    return found[0] if found else None


def primary_contact(customer):
    contact = frappe.db.get_value("Customer", customer, "customer_primary_contact")
    if not contact:
        linked = frappe.get_all("Dynamic Link", filters={"link_doctype": "Customer", "link_name": customer, "parenttype": "Contact"}, pluck="parent", order_by="creation asc", limit=1)
        contact = linked[0] if linked else None
    return contact


def subject_of(c):
    if c["kind"] == "case":
        row = frappe.db.get_value("Support Case", c["name"], ["status", "customer", "contact", "raised_by", "assigned_to", "case_type"], as_dict=True)
        if not row or row.status != "Closed" or not row.customer:
            return None
        return {"customer": row.customer, "contact": row.contact, "email": row.raised_by, "case": c["name"], "visit": None, "agent": row.assigned_to, "service_type": row.case_type, "key": "case|" + c["name"]}
    if c["kind"] == "visit":
        row = frappe.db.get_value("Service Visit", c["name"], ["status", "customer", "support_case", "appointment_request", "technician"], as_dict=True)
        if not row or row.status != "Completed" or not row.customer:
            return None
        contact = frappe.db.get_value("Appointment Request", row.appointment_request, "contact") if row.appointment_request else None
        if not contact and row.support_case:
            contact = frappe.db.get_value("Support Case", row.support_case, "contact")
        return {"customer": row.customer, "contact": contact, "email": None, "case": row.support_case, "visit": c["name"], "agent": row.technician, "service_type": "Visita", "key": "visit|" + c["name"]}
    if not frappe.db.exists("Customer", c["name"]):
        return None
    return {"customer": c["name"], "contact": None, "email": None, "case": None, "visit": None, "agent": None, "service_type": "", "key": "relationship|" + c["name"] + "|" + c["period"]}


made = []
skipped = []
for c in clean:
    if c["kind"] in ("reminder", "expire"):
        continue
    s = subject_of(c)
    if not s or frappe.db.exists("Survey Response", {"dedupe_key": s["key"]}):
        skipped.append({"name": c["name"], "kind": c["kind"], "reason": "not due"})
        continue
    contact = s["contact"] or primary_contact(s["customer"])
    person = frappe.db.get_value("Contact", contact, ["name", "email_id", "mobile_no"], as_dict=True) if contact else None
    email = (person.email_id if person else None) or s["email"] or frappe.db.get_value("Customer", s["customer"], "email_id")
    reason = None
    if not email and not (person and person.mobile_no):
        reason = "Sin correo ni móvil a quién preguntar. / Nobody to ask: no e-mail or mobile."
    elif not c["sampled"]:
        reason = "Fuera de la muestra de la configuración. / Left out by the settings' sampling."
    elif quiet > 0 and email and frappe.get_all("Survey Response", filters={"contact_email": email, "status": ["in", ["Pending", "Sent", "Answered"]], "sent_on": [">=", frappe.utils.add_days(now, -quiet)]}, pluck="name", limit=1):
        reason = "El contacto recibió otra encuesta hace menos de " + str(quiet) + " días. / The contact had another survey less than " + str(quiet) + " days ago."
    trigger = TRIGGERS[c["kind"]]
    doc = frappe.get_doc({
        "doctype": "Survey Response",
        "survey_template": template_for(trigger, s["service_type"]),
        "support_case": s["case"],
        "service_visit": s["visit"],
        "customer": s["customer"],
        "contact": person.name if person else None,
        "contact_email": email,
        "agent": s["agent"] if s["agent"] and frappe.db.exists("User", s["agent"]) else None,
        "trigger": trigger,
        "service_type": s["service_type"],
        "dedupe_key": s["key"],
        "status": "Skipped" if reason else "Pending",
        "skip_reason": reason,
        "sent_on": None if reason else now,
        "expires_on": None if reason else frappe.utils.add_days(now, expiry),
        "token": None if reason else frappe.utils.generate_hash(length=32),
    }).insert(ignore_permissions=True)
    if reason:
        skipped.append({"name": c["name"], "kind": c["kind"], "survey": doc.name, "reason": reason})
    else:
        made.append(doc.name)

for c in clean:
    if c["kind"] == "expire":
        row = frappe.db.get_value("Survey Response", c["name"], ["status", "expires_on"], as_dict=True)
        if row and row.status in ("Pending", "Sent") and row.expires_on and str(row.expires_on) < now:
            frappe.db.set_value("Survey Response", c["name"], "status", "Expired", update_modified=False)

FIELDS = ["name", "status", "customer", "contact", "contact_email", "support_case", "service_visit", "trigger", "expires_on", "reminder_sent_on"]


def out(row, kind):
    token = frappe.get_doc("Survey Response", row.name).get_password("token", raise_exception=False) or ""
    case_subject = frappe.db.get_value("Support Case", row.support_case, "subject") if row.support_case else None
    return {
        "survey": row.name, "kind": kind, "customer": row.customer, "contact": row.contact, "email": row.contact_email,
        "support_case": row.support_case, "service_visit": row.service_visit, "trigger": row.trigger,
        "case_subject": case_subject, "expires_on": str(row.expires_on or ""),
        "link": frappe.utils.get_url("/postventa#/survey/" + row.name + "/" + token),
    }


send = [out(r, "survey") for r in frappe.get_all("Survey Response", filters={"status": "Pending", "expires_on": [">", now]}, fields=FIELDS, order_by="creation asc", limit=200)]
for c in clean:
    if c["kind"] == "reminder" and len(send) < 300:
        row = frappe.db.get_value("Survey Response", c["name"], FIELDS, as_dict=True)
        if row and row.status == "Sent" and not row.reminder_sent_on and row.expires_on and str(row.expires_on) > now:
            send.append(out(row, "survey-reminder"))
frappe.response["message"] = {"send": send, "made": made, "skipped": skipped}
