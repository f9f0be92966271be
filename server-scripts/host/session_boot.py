# API · postventa.session.boot · allow guest
# What the SPA needs at boot and again after a CSRF refusal: the user, their name and language, the site's time zone
# and the session's current CSRF token. A Web Page renders the token as "None" until the session has opened /app, and
# opening /app later replaces it, so the SPA reads it here (docs/host-contract.md) rather than from the page.
# `roles` are the user's own roles that decide which part of the app they get (desk, administration, accounts,
# portal); the host's permissions still decide what each request may do. `company` is the user's company (the one a
# User Permission gives them, else the site's first) with its country and currency: the SPA writes numbers, dates
# and money as that country does unless the user's own language names a region (es-MX).
AREA_ROLES = ("Support Agent", "Support Supervisor", "Support Manager", "Support Customer", "System Manager", "Accounts User", "Accounts Manager")
user = frappe.session.user
roles = []
if user != "Guest":
    mine = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
    roles = [r for r in AREA_ROLES if r in mine or user == "Administrator"]
company = None
if user != "Guest":
    allowed = frappe.get_all("User Permission", filters={"user": user, "allow": "Company"}, pluck="for_value", limit=1)
    found = frappe.get_all("Company", filters={"name": allowed[0]} if allowed else {}, fields=["name", "country", "default_currency"], order_by="creation asc", limit=1)
    if found:
        company = {"name": found[0]["name"], "country": found[0]["country"], "currency": found[0]["default_currency"]}
frappe.response["message"] = {
    "roles": roles,
    "user": frappe.session.user,
    "full_name": frappe.get_fullname() if frappe.session.user != "Guest" else "",
    "csrf_token": frappe.session.csrf_token or "",
    "time_zone": frappe.utils.get_system_timezone(),
    "lang": frappe.lang or "es",
    "company": company,
}
