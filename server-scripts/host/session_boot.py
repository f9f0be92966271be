# API · postventa.session.boot · allow guest
# What the SPA needs at boot and again after a CSRF refusal: the user, their name and language, the site's time zone
# and the session's current CSRF token. A Web Page renders the token as "None" until the session has opened /app, and
# opening /app later replaces it, so the SPA reads it here (docs/host-contract.md) rather than from the page.
# `roles` are the user's own roles that decide which part of the app they get (desk, administration, accounts,
# portal); the host's permissions still decide what each request may do.
AREA_ROLES = ("Support Agent", "Support Supervisor", "Support Manager", "Support Customer", "System Manager", "Accounts User", "Accounts Manager")
user = frappe.session.user
roles = []
if user != "Guest":
    mine = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
    roles = [r for r in AREA_ROLES if r in mine or user == "Administrator"]
frappe.response["message"] = {
    "roles": roles,
    "user": frappe.session.user,
    "full_name": frappe.get_fullname() if frappe.session.user != "Guest" else "",
    "csrf_token": frappe.session.csrf_token or "",
    "time_zone": frappe.utils.get_system_timezone(),
    "lang": frappe.lang or "es",
}
