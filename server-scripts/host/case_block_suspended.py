# DocType Event · Support Case · Before Insert
# Refuses a new case while the customer's service policy is Suspended for an overdue receivable (seed 000, phase 5).
# The companion computes the suspension; this script only reads it. Supervisors and managers may still open a case
# (an emergency on a suspended contract is their call); portal users and agents may not.
# Real safe_exec refuses str.format (docs/host-contract.md): messages are built with +.
if doc.customer and frappe.db.get_single_value("Postventa Settings", "block_portal_when_overdue") != 0:
    suspended = frappe.get_all(
        "Service Policy",
        filters={"customer": str(doc.customer), "status": "Suspended"},
        fields=["name", "suspension_reason"],
        limit=1,
    )
    if suspended:
        roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
        override = any(r in ("Support Supervisor", "Support Manager", "System Manager") for r in roles)
        if not override:
            policy = str(suspended[0].name)
            customer = str(doc.customer)
            frappe.throw(
                "La póliza " + policy + " de " + customer + " está suspendida por una cuenta por cobrar vencida: "
                + "no se pueden abrir casos hasta que se registre el pago. / Service policy " + policy + " of "
                + customer + " is suspended for an overdue receivable: no new cases can be opened until the payment "
                + "is recorded.",
                frappe.ValidationError,
                title="Póliza suspendida / Policy suspended",
            )
