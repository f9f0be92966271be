# API · postventa.portal.cases · GET
# A portal customer's cases (issue 16): those they opened, or — for a customer manager (role Support Customer
# Manager) who asks for scope=all — every case of the customers their User Permissions name. Open or closed ones,
# matching words of the subject, fifty at a time, newest first, with the total. Only the fields a customer may see,
# and who opened each (for managers). Read here rather than through REST so the manager's wider view never needs a
# role permission on Support Case that would also show cases with no customer. Arguments are checked for type and
# length before any query.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
args = frappe.form_dict
scope = args.get("scope") or "mine"
state = args.get("state") or ""
search = args.get("search") or ""
start = args.get("start") or 0
if scope not in ("mine", "all"):
    frappe.throw("scope: mine o all. / scope: mine or all.")
if state not in ("", "open", "closed"):
    frappe.throw("state: open, closed o vacío. / state: open, closed or empty.")
if not isinstance(search, str) or len(search) > 140:
    frappe.throw("Buscar: hasta 140 caracteres. / Search: up to 140 characters.")
if isinstance(start, str) and start.isdigit():
    start = int(start)
if not isinstance(start, int) or start < 0 or start > 100000:
    frappe.throw("start: un número entre 0 y 100000. / start: a number from 0 to 100000.")
manager = "Support Customer Manager" in roles
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
cases = []
total = 0
if customers:
    filters = [["customer", "in", customers]]
    if scope != "all" or not manager:
        filters.append(["owner", "=", user])
    if state == "open":
        filters.append(["status", "in", ["Open", "In Progress", "Waiting on Customer", "Escalated to Development"]])
    elif state == "closed":
        filters.append(["status", "in", ["Resolved", "Closed", "Cancelled"]])
    if search.strip():
        filters.append(["subject", "like", "%" + search.strip().replace("%", "").replace("_", "") + "%"])
    total = frappe.db.count("Support Case", filters)
    cases = frappe.get_all(
        "Support Case",
        filters=filters,
        fields=["name", "subject", "status", "received_on", "customer", "owner", "raised_by", "serial_no", "resolution_by", "resolved_on"],
        order_by="received_on desc",
        start=start,
        limit=50,
    )
    if not manager:
        for c in cases:
            c["owner"] = None
frappe.response["message"] = {"cases": cases, "total": total, "manager": manager}
