# API · postventa.session.boot · allow guest
# What the SPA needs at boot and again after a CSRF refusal: the user, their name and language, the site's time zone
# and the session's current CSRF token. A Web Page renders the token as "None" until the session has opened /app, and
# opening /app later replaces it, so the SPA reads it here (docs/host-contract.md) rather than from the page.
frappe.response["message"] = {
    "user": frappe.session.user,
    "full_name": frappe.get_fullname() if frappe.session.user != "Guest" else "",
    "csrf_token": frappe.session.csrf_token or "",
    "time_zone": frappe.utils.get_system_timezone(),
    "lang": frappe.lang or "es",
}
