# API · postventa.case.invoice
# The case's invoice and its payments for whoever may read the case. On a real site agents and supervisors have no
# role on Sales Invoice or Payment Entry (docs/host-contract.md), yet the case page shows the invoice's state, what
# is outstanding and each payment (seed 004): this script answers with those few fields, and only for a case the
# caller may read (frappe.get_list applies role and user permissions).
case = frappe.form_dict.get("case")
if not isinstance(case, str) or not case or len(case) > 140:
    frappe.throw("case: indique el número del caso. / case: give the case number.")
found = frappe.get_list("Support Case", filters={"name": case}, fields=["name", "sales_invoice"], limit=1)
if not found:
    frappe.throw("Caso no encontrado. / Case not found.", frappe.DoesNotExistError)
invoice = found[0].get("sales_invoice")
answer = {"invoice": None, "payments": []}
if invoice:
    rows = frappe.get_all(
        "Sales Invoice",
        filters={"name": invoice},
        fields=["name", "status", "docstatus", "grand_total", "outstanding_amount", "due_date", "currency", "posting_date"],
        limit=1,
    )
    if rows:
        answer["invoice"] = rows[0]
        refs = frappe.get_all(
            "Payment Entry Reference",
            filters={"reference_doctype": "Sales Invoice", "reference_name": invoice, "docstatus": 1},
            fields=["parent", "allocated_amount"],
            limit=100,
        )
        by_entry = {}
        for r in refs:
            by_entry[r.parent] = frappe.utils.flt(by_entry.get(r.parent)) + frappe.utils.flt(r.allocated_amount)
        if by_entry:
            entries = frappe.get_all(
                "Payment Entry",
                filters={"name": ["in", list(by_entry.keys())], "docstatus": 1},
                fields=["name", "posting_date", "mode_of_payment", "reference_no"],
                order_by="posting_date asc, creation asc",
                limit=100,
            )
            for e in entries:
                answer["payments"].append({
                    "name": e.name,
                    "posting_date": e.posting_date,
                    "mode_of_payment": e.mode_of_payment,
                    "reference_no": e.reference_no,
                    "amount": by_entry.get(e.name),
                })
frappe.response["message"] = answer
