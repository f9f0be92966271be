# API · postventa.sla.events · POST
# The companion's SLA events (warnings, breaches, escalations, status changes) for many cases in one call, each
# recorded once by its dedupe key and, when it carries a `notice`, announced in the same transaction: the event, its
# Communication (in the case's timeline) and `notified_on` are written together or not at all, so one event is one
# notice whatever the number of writers (a writer that lost the race to a unique key fails whole and retries).
# A notice comes in Spanish and English: each recipient gets the one of their host language (User.language), one
# Communication per language; a notice nobody receives by mail is written in the site's language.
# An event recorded by an older version without its notice is announced once it is older than `retry_before`.
# With `backfill`, events are recorded as already announced and nothing is sent: the first stamping of an existing
# backlog does not flood anyone's mailbox with history. Only the integration user may call it; every argument is
# checked before any write.
KINDS = ("SLA Warning", "SLA Breach", "Level Change", "Status Change")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user != "Administrator" and "Postventa Integration" not in roles and "System Manager" not in roles:
    frappe.throw("Solo la integración de Postventa registra eventos de SLA. / Only Postventa's integration records SLA events.", frappe.PermissionError)
events = frappe.form_dict.get("events")
if isinstance(events, str) and len(events) < 20000000:
    events = json.loads(events)
if not isinstance(events, list) or len(events) > 1000:
    frappe.throw("events: una lista de hasta 1000 eventos. / events: a list of up to 1000 events.")
stamps = {}
for arg in ("backfill", "now", "retry_before"):
    v = frappe.form_dict.get(arg)
    if v is not None and v != "" and (not isinstance(v, str) or len(v) > 26):
        frappe.throw(arg + ": una fecha y hora. / " + arg + ": a datetime.")
    stamps[arg] = v or None
backfill = stamps["backfill"]


def text(e, key, limit, required):
    v = e.get(key)
    if v is None or v == "":
        if required:
            frappe.throw("events: falta " + key + ". / events: " + key + " is missing.")
        return None
    if not isinstance(v, str) or len(v) > limit:
        frappe.throw("events: " + key + " debe ser un texto de hasta " + str(limit) + " caracteres. / events: " + key + " must be a text of up to " + str(limit) + " characters.")
    return v


rows = []
notices = {}
for e in events:
    if not isinstance(e, dict):
        frappe.throw("events: cada evento es un objeto. / events: every event is an object.")
    kind = text(e, "event_type", 40, True)
    if kind not in KINDS:
        frappe.throw("events: tipo de evento desconocido. / events: unknown event type.")
    seconds = e.get("business_seconds_in_previous")
    if seconds is not None and not isinstance(seconds, int):
        frappe.throw("events: business_seconds_in_previous debe ser un entero. / events: business_seconds_in_previous must be an integer.")
    notice = e.get("notice")
    if notice is not None:
        if not isinstance(notice, dict):
            frappe.throw("events: notice es un objeto. / events: notice is an object.")
        for part in ("subject", "content"):
            if not isinstance(notice.get(part), dict):
                frappe.throw("events: notice." + part + " lleva es y en. / events: notice." + part + " carries es and en.")
        notice = {
            "subject": {"es": text(notice["subject"], "es", 500, True), "en": text(notice["subject"], "en", 500, True)},
            "content": {"es": text(notice["content"], "es", 5000, True), "en": text(notice["content"], "en", 5000, True)},
            "recipients": text(notice, "recipients", 1000, False),
        }
        if not stamps["now"]:
            frappe.throw("now: falta la hora del aviso. / now: the notice time is missing.")
    notices[e.get("dedupe_key")] = notice
    rows.append({
        "support_case": text(e, "support_case", 140, True),
        "event_type": kind,
        "at": text(e, "at", 26, True),
        "from_value": text(e, "from_value", 140, False),
        "to_value": text(e, "to_value", 140, False),
        "reason": text(e, "reason", 2000, False),
        "dedupe_key": text(e, "dedupe_key", 140, True),
        "business_seconds_in_previous": seconds,
    })
keys = [r["dedupe_key"] for r in rows]
existing = frappe.get_all(
    "Support Case Event",
    filters={"dedupe_key": ["in", keys]},
    fields=["name", "dedupe_key", "notified_on", "creation"],
) if keys else []
known = {}
for x in existing:
    known[x["dedupe_key"]] = 1
names = list(set([r["support_case"] for r in rows]))
cases = {}
for c in (frappe.get_all("Support Case", filters={"name": ["in", names]}, pluck="name") if names else []):
    cases[c] = 1


site_lang = "en" if str(frappe.db.get_single_value("System Settings", "language") or "es").startswith("en") else "es"
langs = {}


def language_of(email):
    if email not in langs:
        lang = frappe.db.get_value("User", {"name": email}, "language") or site_lang
        langs[email] = "en" if str(lang).startswith("en") else "es"
    return langs[email]


def announce(case, notice):
    groups = {}
    for r in (notice["recipients"] or "").split(","):
        r = r.strip()
        if r:
            groups.setdefault(language_of(r), []).append(r)
    if not groups:
        groups[site_lang] = []
    for lang in sorted(groups.keys()):
        frappe.get_doc({
            "doctype": "Communication",
            "subject": notice["subject"][lang],
            "content": notice["content"][lang],
            "communication_type": "Automated Message",
            "communication_medium": "Email",
            "sent_or_received": "Sent",
            "status": "Linked",
            "recipients": ", ".join(groups[lang]),
            "reference_doctype": "Support Case",
            "reference_name": case,
        }).insert(ignore_permissions=True)


claimed = []
notified = []
for r in rows:
    if r["dedupe_key"] in known or r["support_case"] not in cases:
        continue
    known[r["dedupe_key"]] = 1
    notice = notices.get(r["dedupe_key"])
    doc = {"doctype": "Support Case Event"}
    for k in r:
        if r[k] is not None:
            doc[k] = r[k]
    if backfill:
        doc["notified_on"] = backfill
    elif notice:
        doc["notified_on"] = stamps["now"]
    made = frappe.get_doc(doc).insert(ignore_permissions=True)
    claimed.append({"key": r["dedupe_key"], "name": made.name})
    if notice and not backfill:
        announce(r["support_case"], notice)
        notified.append(r["dedupe_key"])
for x in existing:
    notice = notices.get(x["dedupe_key"])
    late = stamps["retry_before"] and str(x["creation"]) < stamps["retry_before"]
    if not notice or backfill or x["notified_on"] or not late:
        continue
    case = frappe.db.get_value("Support Case Event", x["name"], "support_case")
    tag = notice["subject"]["es"][notice["subject"]["es"].rfind("[pv:"):]
    sent = frappe.get_all("Communication", filters={"reference_doctype": "Support Case", "reference_name": case, "subject": ["like", "%" + tag + "%"]}, pluck="name") if tag.startswith("[pv:") else []
    if not sent:
        announce(case, notice)
        notified.append(x["dedupe_key"])
    frappe.db.set_value("Support Case Event", x["name"], "notified_on", stamps["now"], update_modified=False)
frappe.response["message"] = {"claimed": claimed, "notified": notified}
