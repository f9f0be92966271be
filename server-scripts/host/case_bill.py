# API · postventa.case.bill · POST
# Invoicing a case ("Facturar", seed 004): one ERPNext Sales Invoice, a draft for the accountant to review and submit
# (or submitted at once with the setting "submit case invoices automatically"), for the case's customer with the
# lines the desk or the companion computed (domain/billing), the payment terms (the call's, else the case's, else the
# customer's, else the settings') and a remark with the case number. Every line is checked against the case: a part
# is one of its supplies (no more than was used), an hour line is a configured labour item (no more than the hours
# logged on the case); the rate is the caller's (a discount is theirs to give; the accountant reviews the draft).
# One invoice per case however often it is called: a case whose invoice is not cancelled gets that invoice back, and
# a unique event key in the same transaction makes a second writer fail whole. Warranty and Courtesy cases are not
# invoiced: called with no lines they are marked Not Billable (so is a Billable case with nothing to bill, by the
# companion, a supervisor, a manager or accounts — never by an agent alone); `cost`, when given, is the support cost.
# The companion's billing sweep sends up to 200 cases at once (`cases`): a case the host cannot invoice (a closed
# fiscal year, a missing account) or that the companion could not price (`problem`) keeps its billing_problem with
# the reason, the accountants are told once per new reason, and the next sweep tries again; the others are invoiced.
STAFF = ("Support Agent", "Support Supervisor", "Support Manager", "System Manager", "Accounts User", "Accounts Manager", "Postventa Integration")
DECIDERS = ("Support Supervisor", "Support Manager", "System Manager", "Accounts User", "Accounts Manager", "Postventa Integration")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
batch = frappe.form_dict.get("cases")
if isinstance(batch, str) and len(batch) < 5000000:
    batch = json.loads(batch)
if batch is None:
    batch = [{
        "case": frappe.form_dict.get("case"),
        "lines": frappe.form_dict.get("lines"),
        "payment_terms": frappe.form_dict.get("payment_terms"),
        "remarks": frappe.form_dict.get("remarks"),
        "cost": frappe.form_dict.get("cost"),
    }]
    single = True
else:
    single = False
if not isinstance(batch, list) or len(batch) > 200:
    frappe.throw("cases: hasta 200 casos por llamada. / cases: up to 200 cases a call.")


def parse(job, at):
    if not isinstance(job, dict):
        frappe.throw(at + ": cada caso es un objeto. / " + at + ": every case is an object.")
    name = job.get("case")
    lines = job.get("lines")
    terms = job.get("payment_terms") or ""
    remarks = job.get("remarks") or ""
    cost = job.get("cost")
    problem = job.get("problem") or ""
    if isinstance(lines, str) and len(lines) < 500000:
        lines = json.loads(lines)
    if lines is None and problem:
        lines = []
    if not isinstance(name, str) or not name or len(name) > 140:
        frappe.throw(at + "case: indique el número del caso. / " + at + "case: give the case number.")
    if not isinstance(lines, list) or len(lines) > 200:
        frappe.throw(at + "lines: hasta 200 líneas. / " + at + "lines: up to 200 lines.")
    if cost is not None and (isinstance(cost, bool) or not isinstance(cost, (int, float)) or cost < 0 or cost > 1000000000000):
        frappe.throw(at + "cost: un costo de 0 o más. / " + at + "cost: a cost of 0 or more.")
    if not isinstance(terms, str) or len(terms) > 140:
        frappe.throw(at + "payment_terms: un nombre de hasta 140 caracteres. / " + at + "payment_terms: a name of up to 140 characters.")
    if not isinstance(remarks, str) or len(remarks) > 5000 or not isinstance(problem, str) or len(problem) > 2000:
        frappe.throw(at + "remarks / problem: hasta 5.000 y 2.000 caracteres. / " + at + "remarks / problem: up to 5,000 and 2,000 characters.")
    clean = []
    for i, line in enumerate(lines):
        where = at + "lines[" + str(i) + "]"
        if not isinstance(line, dict):
            frappe.throw(where + ": cada línea es un objeto. / " + where + ": every line is an object.")
        item = line.get("item")
        qty = line.get("qty")
        rate = line.get("rate")
        text = line.get("description") or ""
        serial = line.get("serial_no") or None
        if not isinstance(item, str) or not item or len(item) > 140:
            frappe.throw(where + ".item: indique el ítem. / " + where + ".item: give the item.")
        if isinstance(qty, bool) or not isinstance(qty, (int, float)) or qty <= 0 or qty > 1000000:
            frappe.throw(where + ".qty: una cantidad mayor que 0. / " + where + ".qty: a quantity above 0.")
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate < 0 or rate > 1000000000000:
            frappe.throw(where + ".rate: un precio de 0 o más. / " + where + ".rate: a rate of 0 or more.")
        if not isinstance(text, str) or len(text) > 500 or (serial is not None and (not isinstance(serial, str) or len(serial) > 140)):
            frappe.throw(where + ": descripción hasta 500 caracteres y número de serie hasta 140. / " + where + ": description up to 500 characters and serial up to 140.")
        clean.append({"item": item, "qty": qty, "rate": rate, "description": text, "serial_no": serial})
    return {"case": name, "lines": clean, "terms": terms, "remarks": remarks, "cost": cost, "problem": problem}


jobs = [parse(job, "" if single else "cases[" + str(i) + "].") for i, job in enumerate(batch)]
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
admin = frappe.session.user == "Administrator"
if not admin and not any(r in STAFF for r in roles):
    frappe.throw("Solo soporte y contabilidad facturan casos. / Only support and accounts invoice cases.", frappe.PermissionError)
if not single and not admin and "Postventa Integration" not in roles and "System Manager" not in roles:
    frappe.throw("cases: solo la integración factura por lotes. / cases: only the integration invoices in batches.", frappe.PermissionError)
settings = frappe.get_doc("Postventa Settings", "Postventa Settings")
labour = [x for x in (settings.n1_labour_item, settings.n2_labour_item, settings.n3_labour_item) if x]


def tell_accounts(name, problem):
    # Once per new reason: the accountants' bell (Notification Log), naming the case and the host's words.
    users = frappe.get_all("Has Role", filters={"role": ["in", ["Accounts User", "Accounts Manager"]], "parenttype": "User"}, pluck="parent", limit=50)
    for u in sorted(set(users)):
        if u in ("Administrator", "Guest") or not frappe.db.get_value("User", u, "enabled"):
            continue
        frappe.get_doc({
            "doctype": "Notification Log",
            "for_user": u,
            "type": "Alert",
            "document_type": "Support Case",
            "document_name": name,
            "subject": ("No se pudo facturar el caso " + name + ": " + problem + " / Case " + name + " could not be invoiced.")[:140],
            "email_content": frappe.utils.escape_html(problem),
        }).insert(ignore_permissions=True)


def blocked(case, problem):
    if (case.get("billing_problem") or "") != problem:
        frappe.db.set_value("Support Case", case.name, "billing_problem", problem, update_modified=False)
        tell_accounts(case.name, problem)
    return {"case": case.name, "invoice": None, "created": 0, "problem": problem}


def remark(case):
    # The case number, its subject, symptom and solution as text: what the accountant reads on the invoice.
    parts = ["Caso " + case.name + ": " + (case.subject or "")]
    for label, value in (("Síntoma / Symptom", case.symptom), ("Solución / Solution", case.solution)):
        text = " ".join(frappe.utils.strip_html(value or "").split())
        if text:
            parts.append(label + ": " + text[:1500])
    return "\n".join(parts)


def bill(job):
    name = job["case"]
    clean = job["lines"]
    cost = job["cost"]
    if not frappe.get_list("Support Case", filters={"name": name}, pluck="name", limit=1):
        frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
    case = frappe.get_doc("Support Case", name)
    if job["problem"]:
        return blocked(case, job["problem"])
    if not clean:
        if case.case_type == "Billable" and not admin and not any(r in DECIDERS for r in roles):
            frappe.throw("lines: un caso cobrable sin líneas lo marca no facturable un supervisor o contabilidad. / lines: a billable case with no lines is marked not billable by a supervisor or accounts.", frappe.PermissionError)
        if case.sales_invoice and frappe.db.get_value("Sales Invoice", case.sales_invoice, "docstatus") in (0, 1):
            frappe.throw("El caso ya tiene la factura " + case.sales_invoice + ". / The case already has invoice " + case.sales_invoice + ".")
        values = {"billing_status": "Not Billable", "billing_problem": None}
        if cost is not None:
            values["support_cost"] = cost
        frappe.db.set_value("Support Case", name, values, update_modified=False)
        return {"case": name, "invoice": None, "created": 0}
    if case.case_type != "Billable" and settings.invoice_warranty_extras and any(x["item"] in labour for x in clean):
        frappe.throw("Horas: las horas de un caso de " + ("garantía" if case.case_type == "Warranty" else "cortesía") + " no se facturan; solo sus repuestos cobrados. / Hours: the hours of a " + str(case.case_type).lower() + " case are not invoiced; only its charged parts.")
    if case.case_type != "Billable" and not settings.invoice_warranty_extras:
        frappe.throw("Tipo de caso: un caso de " + ("garantía" if case.case_type == "Warranty" else "cortesía") + " no se factura. / Case type: a " + str(case.case_type).lower() + " case is not invoiced.")
    if case.status == "Cancelled":
        frappe.throw("El caso está cancelado: no se factura. / The case is cancelled: it is not invoiced.")
    if not case.customer:
        frappe.throw("Cliente: el caso no tiene cliente; asígnelo antes de facturar. / Customer: the case has no customer; set it before invoicing.")
    if case.sales_invoice and frappe.db.get_value("Sales Invoice", case.sales_invoice, "docstatus") in (0, 1):
        return {"case": name, "invoice": case.sales_invoice, "created": 0}
    used = {}
    for s in case.get("supplies") or []:
        used[s.get("item")] = used.get(s.get("item"), 0) + frappe.utils.flt(s.get("qty"))
    logged = sum(frappe.utils.flt(r.hours) for r in frappe.get_all("Timesheet Detail", filters={"support_case": name, "docstatus": ["<", 2]}, fields=["hours"]))
    asked = {}
    hours = 0
    for line in clean:
        if line["item"] in labour:
            hours += line["qty"]
        elif line["item"] in used:
            asked[line["item"]] = asked.get(line["item"], 0) + line["qty"]
        else:
            frappe.throw("Ítem " + line["item"] + ": no es un insumo del caso ni un ítem de mano de obra de la configuración. / Item " + line["item"] + ": it is neither a supply of the case nor a labour item of the settings.")
    for item in asked:
        if asked[item] > used[item] + 0.0001:
            frappe.throw("Ítem " + item + ": se facturan " + str(asked[item]) + " y el caso usó " + str(used[item]) + ". / Item " + item + ": " + str(asked[item]) + " invoiced and the case used " + str(used[item]) + ".")
    if hours > logged + 0.01:
        frappe.throw("Horas: se facturan " + str(hours) + " h y el caso tiene " + str(logged) + " h registradas. / Hours: " + str(hours) + " h invoiced and the case has " + str(logged) + " h logged.")
    terms = job["terms"] or case.get("payment_terms") or frappe.db.get_value("Customer", case.customer, "payment_terms") or settings.billing_payment_terms or ""
    if terms and not frappe.db.exists("Payment Terms Template", terms):
        frappe.throw("Términos de pago: «" + frappe.utils.escape_html(terms) + "» no existe. / Payment terms: '" + frappe.utils.escape_html(terms) + "' does not exist.")
    invoice = {
        "doctype": "Sales Invoice",
        "customer": case.customer,
        "support_case": name,
        "remarks": (job["remarks"] or remark(case))[:5000],
        "items": [{"item_code": x["item"], "qty": x["qty"], "rate": x["rate"], "description": x["description"] or x["item"], "serial_no": x["serial_no"]} for x in clean],
    }
    if settings.default_company:
        invoice["company"] = settings.default_company
    if case.service_policy:
        invoice["service_policy"] = case.service_policy
    if terms:
        invoice["payment_terms_template"] = terms
    # The invoice first, submitted at once with the setting "submit automatically" (else a draft): what ERPNext
    # refuses (a closed fiscal year, a missing account) is refused before anything of this case is kept. Alone,
    # the caller gets the host's words; in a batch, the case keeps them and its draft is removed.
    made = None
    try:
        made = frappe.get_doc(invoice).insert(ignore_permissions=True)
        if settings.submit_case_invoices:
            made.submit()
    except Exception as e:
        if single:
            raise
        if made and made.get("name") and frappe.db.get_value("Sales Invoice", made.name, "docstatus") == 0:
            made.delete(ignore_permissions=True)
        return blocked(case, frappe.utils.strip_html(str(e))[:2000] or "Error")
    cancelled = frappe.db.count("Sales Invoice", {"support_case": name, "docstatus": 2})
    frappe.get_doc({
        "doctype": "Support Case Event",
        "support_case": name,
        "event_type": "Invoiced",
        "at": frappe.utils.now(),
        "actor": frappe.session.user,
        "dedupe_key": "bill|" + name + "|" + str(cancelled),
    }).insert(ignore_permissions=True)
    values = {"sales_invoice": made.name, "billing_status": "To Bill", "billing_problem": None}
    if made.docstatus == 1:
        values["billing_status"] = "Paid" if frappe.utils.flt(made.outstanding_amount) <= 0 else "Invoiced"
    if cost is not None:
        values["support_cost"] = cost
    frappe.db.set_value("Support Case", name, values, update_modified=False)
    return {"case": name, "invoice": made.name, "created": 1, "grand_total": made.grand_total, "status": made.status}


answers = [bill(job) for job in jobs]
frappe.response["message"] = answers[0] if single else {"cases": answers}
