# API · postventa.case.confirm · allow guest · POST
# The customer validates a resolution from the link they received (seed 003 "Pasos para Cerrar un Caso"): solved=1
# stamps the confirmation; solved=0 reopens the case with their comment. The link names the case and carries the
# secret the host made on resolving ("Postventa - Token de confirmación"), kept encrypted in a Password field and
# compared here as a string: it is never a filter, and no count can guess it. Every argument is checked for type and
# length before any query, and a used link cannot reopen the case.
TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
if frappe.request and frappe.request.method != "POST":
    frappe.throw("Use POST. / Use POST.", frappe.PermissionError)
name = frappe.form_dict.get("case")
token = frappe.form_dict.get("token")
if not isinstance(name, str) or not name or len(name) > 140:
    frappe.throw("El enlace no es válido. / The link is not valid.", frappe.DoesNotExistError)
if not isinstance(token, str) or len(token) < 16 or len(token) > 128 or any(ch not in TOKEN_CHARS for ch in token):
    frappe.throw("El enlace no es válido. / The link is not valid.", frappe.DoesNotExistError)
solved_raw = frappe.form_dict.get("solved", 1)
if solved_raw in (1, "1", True, "true"):
    solved = True
elif solved_raw in (0, "0", False, "false"):
    solved = False
else:
    frappe.throw("solved: indique 1 (resuelto) o 0 (no resuelto). / solved: give 1 (solved) or 0 (not solved).")
comment = frappe.form_dict.get("comment") or ""
if not isinstance(comment, str) or len(comment) > 2000:
    frappe.throw("comment: un texto de hasta 2000 caracteres. / comment: a text of up to 2000 characters.")
if not frappe.db.exists("Support Case", name):
    frappe.throw("El enlace no es válido. / The link is not valid.", frappe.DoesNotExistError)
case = frappe.get_doc("Support Case", name)
if (case.get_password("confirmation_token", raise_exception=False) or "") != token:
    frappe.throw("El enlace no es válido. / The link is not valid.", frappe.DoesNotExistError)
if case.status not in ("Resolved", "Closed"):
    frappe.throw("El caso todavía no está resuelto. / The case is not resolved yet.")
if case.customer_confirmed_on:
    frappe.throw("Este enlace ya fue usado: el caso fue confirmado. / This link was already used: the case was confirmed.")
if solved:
    frappe.db.set_value("Support Case", case.name, "customer_confirmed_on", frappe.utils.now())
    frappe.response["message"] = {"ok": True, "case": case.name, "status": case.status}
else:
    if case.status == "Closed":
        frappe.throw("El caso ya está cerrado; abra uno nuevo. / The case is already closed; please open a new one.")
    case.status = "Open"
    case.save(ignore_permissions=True)
    frappe.get_doc(
        {"doctype": "Comment", "comment_type": "Comment", "reference_doctype": "Support Case", "reference_name": case.name,
         "comment_email": "Guest", "comment_by": "Cliente / Customer",
         "content": frappe.utils.escape_html("El cliente indica que el problema no está resuelto / The customer says it is not solved: " + comment)}
    ).insert(ignore_permissions=True)
    frappe.response["message"] = {"ok": True, "case": case.name, "status": "Open"}
