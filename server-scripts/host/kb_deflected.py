# API · postventa.kb.deflected · POST
# A portal customer who was writing a new case says a suggested article solved it ("¿Esto resuelve su problema?" —
# issue 16): the article's deflection count goes up once per user and article per day, and the customer's timeline
# gets a Portal interaction saying the knowledge base answered them. Only published portal articles count.
# Arguments are checked for type and length before any query.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
name = frappe.form_dict.get("article")
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("article: indique el artículo. / article: give the article.")
art = frappe.db.get_value("KB Article", {"name": name, "status": "Published", "visibility": "Customer Portal"}, ["name", "title", "deflection_count"], as_dict=True)
if not art:
    frappe.throw("Artículo no encontrado. / Article not found.", frappe.DoesNotExistError)
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
reason = ("Base de conocimiento: " + str(art.title or art.name))[:140]
today = frappe.utils.nowdate()
seen = frappe.db.exists("Customer Interaction", {"user": user, "interaction_type": "Portal", "reason": reason, "interaction_date": [">=", today + " 00:00:00"]})
counted = False
if customers and not seen:
    frappe.db.set_value("KB Article", art.name, "deflection_count", (art.deflection_count or 0) + 1, update_modified=False)
    frappe.get_doc({
        "doctype": "Customer Interaction",
        "customer": customers[0],
        "interaction_date": frappe.utils.now(),
        "interaction_type": "Portal",
        "direction": "Inbound",
        "proactive": 0,
        "reason": reason,
        "outcome": "Resuelto con un artículo, sin abrir un caso. / Solved by an article, no case opened.",
        "user": user,
    }).insert(ignore_permissions=True)
    counted = True
frappe.response["message"] = {"article": art.name, "counted": counted}
