# API · postventa.portal.home · GET
# A portal customer's home (issue 16) in one request: their pólizas that run now (Active or Suspended) with this
# period's consumption against the allowance and, when suspended, why and where to pay; and their equipment — every
# Serial No of their customers, with the póliza row that covers it (location, last serviced, next maintenance) and
# the warranty / AMC dates. Which customers are theirs comes from their User Permissions on Customer and nothing
# else. Read here, not through the REST lists: on Frappe a User Permission lets a Website user see rows whose
# Customer link is empty (a Serial No still in stock) unless strict user permissions are on, so the portal never
# reads Serial No directly. Only Support Customer users are answered.
user = frappe.session.user
roles = frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role")
if user == "Guest" or "Support Customer" not in roles:
    frappe.throw("Solo para usuarios del portal de clientes. / Only for customer portal users.", frappe.PermissionError)
customers = frappe.get_all("User Permission", filters={"user": user, "allow": "Customer"}, pluck="for_value", limit=20)
policies = []
equipment = []
if customers:
    policies = frappe.get_all(
        "Service Policy",
        filters={"customer": ["in", customers], "status": ["in", ["Active", "Suspended"]]},
        fields=["name", "customer", "plan", "status", "start_date", "end_date", "period", "usage_period_start", "hours_used", "allowance_hours", "cases_used", "allowance_cases", "suspended_since", "suspension_reason", "renewal_payment_url"],
        order_by="start_date desc",
        limit=50,
    )
    rows = {}
    if policies:
        for r in frappe.get_all(
            "Policy Equipment",
            filters={"parenttype": "Service Policy", "parent": ["in", [p.name for p in policies]]},
            fields=["parent", "serial_no", "location", "last_serviced_on", "next_maintenance_on"],
            limit=2000,
        ):
            if r.serial_no:
                rows[r.serial_no] = r
    for s in frappe.get_all(
        "Serial No",
        filters={"customer": ["in", customers]},
        fields=["name", "item_code", "item_name", "customer", "warranty_expiry_date", "amc_expiry_date"],
        order_by="name asc",
        limit=500,
    ):
        row = rows.get(s.name) or {}
        equipment.append({
            "serial_no": s.name,
            "item_code": s.item_code,
            "item_name": s.item_name,
            "customer": s.customer,
            "warranty_expiry_date": s.warranty_expiry_date,
            "amc_expiry_date": s.amc_expiry_date,
            "policy": row.get("parent"),
            "location": row.get("location"),
            "last_serviced_on": row.get("last_serviced_on"),
            "next_maintenance_on": row.get("next_maintenance_on"),
        })
# What the portal offers on this site: a new case (some companies take cases only through their call centre) and the
# credentials the vault shows to customers.
offers = {
    "new_case": bool(frappe.db.get_single_value("Postventa Settings", "allow_portal_case_creation")),
    "credentials": bool(frappe.db.get_single_value("Postventa Settings", "show_credentials_in_portal")),
}
# The surveys waiting for this user (sent to them, about a case they opened, or any of the company's for a customer
# manager), so the home needs no request of its own for them; portal_surveys.py answers them.
surveys = []
if customers:
    manager = "Support Customer Manager" in roles
    for sv in frappe.get_all("Survey Response", filters={"customer": ["in", customers], "status": ["in", ["Pending", "Sent"]]}, fields=["name", "support_case", "service_visit", "survey_template", "contact_email", "sent_on"], order_by="sent_on desc", limit=20):
        case_row = frappe.db.get_value("Support Case", sv.support_case, ["subject", "owner"], as_dict=True) if sv.support_case else None
        if manager or (sv.contact_email or "").lower() == user.lower() or (case_row and case_row.owner == user):
            surveys.append({
                "name": sv.name,
                "support_case": sv.support_case,
                "service_visit": sv.service_visit,
                "subject": case_row.subject if case_row else None,
                "intro_text": frappe.db.get_value("Survey Template", sv.survey_template, "intro_text") if sv.survey_template else None,
                "sent_on": sv.sent_on,
            })
frappe.response["message"] = {"customers": customers, "policies": policies, "equipment": equipment, "offers": offers, "surveys": surveys}
