# API · postventa.portal.credentials · GET
# The vault credentials a portal customer may reveal (seed 000 phase 2, issue 16): only when the setting
# `show_credentials_in_portal` is on, only those of the customers their User Permissions name, and only those
# marked visible to the customer. The system, its address and the notes — never the user name or the password,
# which only the audited reveal (credential_reveal.py) gives. Portal users hold no permission on Customer Credential.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
enabled = bool(frappe.db.get_single_value("Postventa Settings", "show_credentials_in_portal"))
rows = []
if enabled:
    customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
    if customers:
        rows = frappe.get_all(
            "Customer Credential",
            filters={"customer": ["in", customers], "visible_to_customer": 1},
            fields=["name", "customer", "system", "url", "notes"],
            order_by="system asc",
            limit=200,
        )
frappe.response["message"] = {"enabled": enabled, "credentials": rows}
