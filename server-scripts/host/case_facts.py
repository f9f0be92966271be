# DocType Event · Support Case · Before Save
# The facts the metrics count (issue 17), kept by the host on every save so nobody types them:
#   reassign_count      — the case went from one person to another (a first assignment is not a reassignment);
#   level_change_count  — its support level changed (N1 → N2 …), or it went to development;
#   waited_on_customer  — it was ever Waiting on Customer;
#   reopened_count      — Resolved or Closed back to an open status;
#   resolved_on_first_contact — set when it is resolved with none of the above, cleared when it reopens;
#   recurring_problem / recurring_of — another case on the same serial, else the same product and symptom
#                         category, received within Postventa Settings' "recurring_problem_days" before this one;
#   proactive           — a case of the maintenance plan.
# The symptom and cause categories must be of their kind, enabled, and of the case's product when the category
# names one. These fields are of a level agents cannot write, so their values here are the stored ones.
OPEN = ("Open", "In Progress", "Waiting on Customer", "Escalated to Development")
DONE = ("Resolved", "Closed")
old = None
if doc.name and frappe.db.exists("Support Case", doc.name):
    old = frappe.db.get_value("Support Case", doc.name, ["status", "assigned_to", "support_level", "serial_no", "product", "symptom_category", "reassign_count", "level_change_count", "waited_on_customer", "reopened_count", "resolved_on_first_contact", "recurring_problem", "recurring_of"], as_dict=True)

for field, kind, label in (("symptom_category", "Symptom", "Categoría de síntoma / Symptom category"), ("cause_category", "Cause", "Categoría de causa / Cause category")):
    value = doc.get(field)
    if value:
        cat = frappe.db.get_value("Support Problem Category", value, ["kind", "item", "enabled"], as_dict=True)
        es, en = label.split(" / ")
        if not cat:
            frappe.throw(es + ": " + str(value) + " no existe. / " + en + ": " + str(value) + " does not exist.", frappe.ValidationError)
        if cat.kind != kind or not frappe.utils.cint(cat.enabled):
            frappe.throw(es + ": " + str(value) + " no es una categoría de " + ("síntoma" if kind == "Symptom" else "causa") + " activa. / " + en + ": " + str(value) + " is not an enabled " + kind.lower() + " category.", frappe.ValidationError)
        if cat.item and doc.product and cat.item != doc.product:
            frappe.throw(es + ": " + str(value) + " es del producto " + str(cat.item) + ", no de " + str(doc.product) + ". / " + en + ": " + str(value) + " belongs to product " + str(cat.item) + ", not " + str(doc.product) + ".", frappe.ValidationError)

if old:
    doc.reassign_count = frappe.utils.cint(old.reassign_count)
    doc.level_change_count = frappe.utils.cint(old.level_change_count)
    doc.waited_on_customer = frappe.utils.cint(old.waited_on_customer)
    doc.reopened_count = frappe.utils.cint(old.reopened_count)
    doc.resolved_on_first_contact = frappe.utils.cint(old.resolved_on_first_contact)
    if old.assigned_to and (doc.assigned_to or "") != old.assigned_to:
        doc.reassign_count = doc.reassign_count + 1
    if old.support_level and (doc.support_level or "") != old.support_level:
        doc.level_change_count = doc.level_change_count + 1
    if doc.status == "Escalated to Development" and old.status != "Escalated to Development":
        doc.level_change_count = doc.level_change_count + 1
    if old.status in DONE and doc.status in OPEN:
        doc.reopened_count = doc.reopened_count + 1
        doc.resolved_on_first_contact = 0
else:
    for field in ("reassign_count", "level_change_count", "waited_on_customer", "reopened_count", "resolved_on_first_contact", "recurring_problem"):
        doc.set(field, 0)
    doc.recurring_of = None
if doc.status == "Waiting on Customer":
    doc.waited_on_customer = 1
if doc.status in DONE and not (old and old.status in DONE):
    clean = doc.reassign_count == 0 and doc.level_change_count == 0 and not doc.waited_on_customer and doc.reopened_count == 0
    doc.resolved_on_first_contact = 1 if clean else 0
if doc.channel == "Maintenance plan" or doc.maintenance_occurrence:
    doc.proactive = 1

# Recurring: looked at when the case is made and whenever its serial, product or symptom category changes.
if old:
    doc.recurring_problem = frappe.utils.cint(old.recurring_problem)
    doc.recurring_of = old.recurring_of
changed = not old or (old.serial_no or "") != (doc.serial_no or "") or (old.product or "") != (doc.product or "") or (old.symptom_category or "") != (doc.symptom_category or "")
if changed and doc.status != "Cancelled":
    days = frappe.utils.cint(frappe.db.get_single_value("Postventa Settings", "recurring_problem_days") or 30)
    received = doc.received_on or frappe.utils.now()
    since = frappe.utils.add_days(received, -max(1, days))
    base = [["status", "!=", "Cancelled"], ["received_on", ">=", since], ["received_on", "<=", received]]
    if doc.name:
        base.append(["name", "!=", doc.name])
    earlier = []
    if doc.serial_no:
        earlier = frappe.get_all("Support Case", filters=base + [["serial_no", "=", doc.serial_no]], pluck="name", order_by="received_on desc", limit=1)
    if not earlier and doc.product and doc.symptom_category:
        earlier = frappe.get_all("Support Case", filters=base + [["product", "=", doc.product], ["symptom_category", "=", doc.symptom_category]], pluck="name", order_by="received_on desc", limit=1)
    doc.recurring_problem = 1 if earlier else 0
    doc.recurring_of = earlier[0] if earlier else None
