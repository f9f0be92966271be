# API · postventa.notice.send · POST
# The customer's notices (issue 14: maintenance ahead, appointment confirmed / rescheduled / cancelled, reminder N
# hours before, end of warranty or AMC; issue 17: a satisfaction survey and its reminder), up to 100 per call from the companion's notices job, which rendered each
# e-mail with mjml. For each, once (its key is unique on the Customer Interaction):
#   e-mail  — a Communication on the case (else the record), queued with frappe.sendmail through the site's outgoing
#             Email Account, to the item's address when it names one (a survey's), else the record's contact, else
#             the customer's primary contact;
#   WhatsApp — a "WhatsApp Message" (the Frappe WhatsApp app) when that app is installed and Postventa Settings
#             "WhatsApp" is on and the contact has a mobile; otherwise skipped, the reason kept;
#   a personal link (a survey's, `[[link]]` in the html and the message) goes only to the mail queue and WhatsApp:
#             the Communication and the interaction staff read say "enlace personal", so nobody answers for them;
#   a proactive, outbound Customer Interaction with what was sent and what was skipped (and a follow-up date for the
#   owner's task when the item asks for one); the record's own mark (occurrence notified, reminder sent, notice no
#   longer pending). Every argument is checked before any query.
ALLOWED = ("Postventa Integration", "System Manager", "Support Manager")
KINDS = ("maintenance", "appointment", "reminder", "warranty-end", "amc-end", "survey", "survey-reminder")
DOCTYPES = ("Maintenance Occurrence", "Appointment Request", "Service Visit", "Serial No", "Survey Response")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
if frappe.session.user != "Administrator" and not any(r in ALLOWED for r in roles):
    frappe.throw("Solo la integración envía avisos. / Only the integration sends notices.", frappe.PermissionError)
items = frappe.form_dict.get("items")
if isinstance(items, str) and len(items) < 30000000:
    items = json.loads(items)
if not isinstance(items, list) or len(items) > 100:
    frappe.throw("items: hasta 100 avisos. / items: up to 100 notices.")


def text(it, at, field, most, required):
    v = it.get(field)
    if v is None and not required:
        return None
    if not isinstance(v, str) or (required and not v) or len(v) > most:
        frappe.throw(at + "." + field + ": un texto de hasta " + str(most) + " caracteres. / " + at + "." + field + ": a text of up to " + str(most) + " characters.")
    return v


clean = []
for i, it in enumerate(items):
    at = "items[" + str(i) + "]"
    if not isinstance(it, dict):
        frappe.throw(at + ": cada aviso es un objeto. / " + at + ": every notice is an object.")
    if it.get("kind") not in KINDS or it.get("reference_doctype") not in DOCTYPES:
        frappe.throw(at + ": tipo o documento desconocido. / " + at + ": unknown kind or document.")
    c = {"kind": it["kind"], "reference_doctype": it["reference_doctype"]}
    c["key"] = text(it, at, "key", 140, True)
    c["reference_name"] = text(it, at, "reference_name", 140, True)
    c["customer"] = text(it, at, "customer", 140, True)
    c["subject"] = text(it, at, "subject", 300, True)
    c["html"] = text(it, at, "html", 200000, False)
    c["message"] = text(it, at, "message", 2000, True)
    c["contact"] = text(it, at, "contact", 140, False)
    c["support_case"] = text(it, at, "support_case", 140, False)
    c["follow_up"] = text(it, at, "follow_up", 10, False)
    c["email"] = text(it, at, "email", 140, False)
    c["link"] = text(it, at, "link", 600, False)
    if c["link"] is not None and not c["link"].startswith(frappe.utils.get_url("/")):
        frappe.throw(at + ".link: un enlace de este sitio. / " + at + ".link: a link of this site.")
    if c["email"] is not None and ("@" not in c["email"] or " " in c["email"]):
        frappe.throw(at + ".email: una dirección de correo. / " + at + ".email: an e-mail address.")
    f = c["follow_up"]
    if f is not None and not (len(f) == 10 and f[4] == "-" and f[7] == "-" and (f[:4] + f[5:7] + f[8:]).isdigit()):
        frappe.throw(at + ".follow_up: una fecha AAAA-MM-DD. / " + at + ".follow_up: a YYYY-MM-DD date.")
    channels = it.get("channels")
    if not isinstance(channels, list) or len(channels) > 2 or any(ch not in ("email", "whatsapp") for ch in channels):
        frappe.throw(at + ".channels: email y/o whatsapp. / " + at + ".channels: email and/or whatsapp.")
    c["channels"] = channels
    clean.append(c)

settings = frappe.db.get_value("Postventa Settings", "Postventa Settings", ["whatsapp_enabled"], as_dict=True) or {}
wa_installed = bool(frappe.db.exists("DocType", "WhatsApp Message"))
wa_on = frappe.utils.cint(settings.get("whatsapp_enabled")) == 1
outgoing = frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name", limit=1)
now = frappe.utils.now()
sent = []
skipped = []
for c in clean:
    if frappe.db.exists("Customer Interaction", {"notice_key": c["key"]}):
        skipped.append(c["key"])
        continue
    if not frappe.db.exists(c["reference_doctype"], c["reference_name"]) or not frappe.db.exists("Customer", c["customer"]):
        skipped.append(c["key"])
        continue
    contact = c["contact"] or frappe.db.get_value("Customer", c["customer"], "customer_primary_contact")
    if not contact:
        # No primary contact: the customer's first linked Contact, as ERPNext's own contact lookups do.
        linked = frappe.get_all("Dynamic Link", filters={"link_doctype": "Customer", "link_name": c["customer"], "parenttype": "Contact"}, pluck="parent", order_by="creation asc", limit=1)
        contact = linked[0] if linked else None
    person = frappe.db.get_value("Contact", contact, ["name", "email_id", "mobile_no", "phone"], as_dict=True) if contact else None
    email = c["email"] or (person.email_id if person else None) or frappe.db.get_value("Customer", c["customer"], "email_id")
    mobile = (person.mobile_no or person.phone) if person else None
    case = c["support_case"] if c["support_case"] and frappe.db.exists("Support Case", c["support_case"]) else None
    outcome = []  # "español / English" pairs, written below as all the Spanish, then " / ", then all the English
    comm = None
    if "email" in c["channels"]:
        if not email:
            outcome.append("E-mail omitido: el contacto no tiene correo. / E-mail skipped: the contact has no e-mail.")
        else:
            ref_dt = "Support Case" if case else c["reference_doctype"]
            ref_name = case or c["reference_name"]
            comm = frappe.get_doc({
                "doctype": "Communication",
                "communication_type": "Communication",
                "communication_medium": "Email",
                "sent_or_received": "Sent",
                "subject": c["subject"],
                "content": (c["html"] or frappe.utils.escape_html(c["message"])).replace("[[link]]", "#"),
                "sender": frappe.session.user,
                "recipients": email,
                "reference_doctype": ref_dt,
                "reference_name": ref_name,
                "status": "Linked",
            }).insert(ignore_permissions=True)
            if outgoing:
                body = c["html"] or frappe.utils.escape_html(c["message"])
                frappe.sendmail(recipients=[email], subject=c["subject"], message=body.replace("[[link]]", frappe.utils.escape_html(c["link"] or "")), reference_doctype=ref_dt, reference_name=ref_name, communication=comm.name)
                outcome.append("E-mail a " + email + ". / E-mail to " + email + ".")
            else:
                outcome.append("E-mail guardado sin enviar: no hay cuenta de correo saliente. / E-mail stored, not sent: no outgoing e-mail account.")
    if "whatsapp" in c["channels"]:
        if not wa_installed:
            outcome.append("WhatsApp omitido: la app WhatsApp no está instalada en el sitio. / WhatsApp skipped: the WhatsApp app is not installed on the site.")
        elif not wa_on:
            outcome.append("WhatsApp omitido: desactivado en la configuración de Postventa. / WhatsApp skipped: turned off in Postventa Settings.")
        elif not mobile:
            outcome.append("WhatsApp omitido: el contacto no tiene móvil. / WhatsApp skipped: the contact has no mobile number.")
        else:
            frappe.get_doc({
                "doctype": "WhatsApp Message",
                "type": "Outgoing",
                "to": mobile,
                "message": c["message"].replace("[[link]]", c["link"] or ""),
                "content_type": "text",
                "reference_doctype": c["reference_doctype"],
                "reference_name": c["reference_name"],
            }).insert(ignore_permissions=True)
            outcome.append("WhatsApp a " + mobile + ". / WhatsApp to " + mobile + ".")
    c["message"] = c["message"].replace("[[link]]", "(enlace personal / personal link)")
    said = " ".join([o.split(" / ")[0] for o in outcome]) + " / " + " ".join([o.split(" / ")[1] for o in outcome]) if outcome else ""
    links = {"Appointment Request": "appointment_request", "Service Visit": "service_visit"}
    interaction = {
        "doctype": "Customer Interaction",
        "customer": c["customer"],
        "contact": person.name if person else None,
        "interaction_date": now,
        "interaction_type": "Survey" if c["kind"].startswith("survey") else ("Email" if comm else ("WhatsApp" if "WhatsApp a " in said else "Follow-up")),
        "direction": "Outbound",
        "proactive": 1,
        "reason": c["subject"][:140],
        "summary": c["message"],
        "outcome": said[:2000] or None,
        "support_case": case,
        "user": frappe.session.user,
        "notice_key": c["key"],
        "next_follow_up": c["follow_up"],
    }
    if c["reference_doctype"] in links:
        interaction[links[c["reference_doctype"]]] = c["reference_name"]
    made = frappe.get_doc(interaction).insert(ignore_permissions=True)
    if c["kind"] == "maintenance":
        frappe.db.set_value("Maintenance Occurrence", c["reference_name"], "notified_on", now, update_modified=False)
    elif c["kind"] == "appointment":
        frappe.db.set_value("Appointment Request", c["reference_name"], "notice_pending", 0, update_modified=False)
    elif c["kind"] == "survey" and frappe.db.get_value("Survey Response", c["reference_name"], "status") == "Pending":
        frappe.db.set_value("Survey Response", c["reference_name"], {"status": "Sent", "sent_on": now}, update_modified=False)
    elif c["kind"] == "survey-reminder":
        frappe.db.set_value("Survey Response", c["reference_name"], "reminder_sent_on", now, update_modified=False)
    elif c["kind"] == "reminder":
        frappe.db.set_value("Service Visit", c["reference_name"], "reminder_sent_on", now, update_modified=False)
        request = frappe.db.get_value("Service Visit", c["reference_name"], "appointment_request")
        if request:
            frappe.db.set_value("Appointment Request", request, "reminder_sent_on", now, update_modified=False)
    sent.append({"key": c["key"], "interaction": made.name, "communication": comm.name if comm else None, "outcome": said})
frappe.response["message"] = {"sent": sent, "skipped": skipped}
