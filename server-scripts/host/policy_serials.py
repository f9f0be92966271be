# DocType Event · Service Policy · After Save
# The Serial No's `covering_policy` (a read-only custom field) follows the póliza in the same transaction: every
# covered serial of a live póliza (Active or Suspended) points to it; a serial taken off the rows, or every serial
# of a póliza that ended or was cancelled, stops pointing to it. A serial another póliza took meanwhile (a renewal)
# is left to that one. Written with set_value: the Serial No is not otherwise changed.
live = doc.status in ("Active", "Suspended")
covered = [r.serial_no for r in (doc.get("equipment") or []) if r.get("serial_no")][:500] if live else []
for s in frappe.get_all("Serial No", filters={"name": ["in", covered]}, fields=["name", "covering_policy"], limit=500) if covered else []:
    if s.covering_policy != doc.name:
        frappe.db.set_value("Serial No", s.name, "covering_policy", doc.name, update_modified=False)
for s in frappe.get_all("Serial No", filters={"covering_policy": doc.name}, pluck="name", limit=1000):
    if s not in covered:
        frappe.db.set_value("Serial No", s, "covering_policy", None, update_modified=False)
