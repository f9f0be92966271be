# DocType Event · Support Case · Before Save
# The secret of the customer's confirmation link (seed 003 "Pasos para Cerrar un Caso") is made here, on the host,
# when a case becomes Resolved; any value a person sends is dropped. The field is a Password: the host keeps it
# encrypted, so no list filter or frappe.client.get_count can read it (docs/host-contract.md). Staff read the link
# through postventa.case.confirmation_link.
previous = frappe.db.get_value("Support Case", doc.name, "status") if doc.name else None
if doc.status == "Resolved" and previous != "Resolved":
    doc.confirmation_token = frappe.utils.generate_hash(length=32)
else:
    # The column of a Password field holds asterisks; anything else is a clear token from Postventa 0.1 (a Data
    # field then), dropped on the case's next save.
    stored = frappe.db.get_value("Support Case", doc.name, "confirmation_token") if doc.name else None
    doc.confirmation_token = stored if stored and stored.strip("*") == "" else ""
