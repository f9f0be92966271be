# DocType Event · Support Case · Before Save
# Stock follows a case's supplies (seed 004, "Suministros utilizados"): the save that resolves the case (however it
# is resolved) issues every stock item not issued yet, once — one ERPNext Stock Entry "Material Issue", serials
# through use_serial_batch_fields, linked on each row — and so does a row added to a resolved case; from then on a
# change moves only the difference — a row's
# quantity raised issues the extra, lowered or removed returns it (ERPNext Stock Entry "Material Receipt" at the
# stock's valuation rate, serials brought back), an item, warehouse or serial changed returns the old and issues the
# new — and cancelling the case returns everything issued. Not enough stock for the extra refuses the save with the
# item and quantities named; any error undoes it all. Only the host links a row to its Stock Entry: what a request
# sends in stock_entry is replaced by what the host recorded.
previous = None
old = {}
if doc.name and frappe.db.exists("Support Case", doc.name):
    previous = frappe.db.get_value("Support Case", doc.name, "status")
    for r in frappe.get_all("Support Case Supply", filters={"parent": doc.name, "parenttype": "Support Case"}, fields=["name", "item", "qty", "warehouse", "serial_no", "stock_entry"], limit=500):
        old[r.name] = r
default_warehouse = frappe.db.get_single_value("Postventa Settings", "default_warehouse")
company = frappe.db.get_single_value("Postventa Settings", "default_company")
cancelling = doc.status == "Cancelled" and previous != "Cancelled"
resolving = doc.status == "Resolved" and previous != "Resolved"
stocked = doc.status in ("Resolved", "Closed")


def line(item, qty, warehouse, serial):
    return {"item": item, "qty": frappe.utils.flt(qty), "warehouse": warehouse or default_warehouse, "serial_no": serial or None}


def num(x):
    x = frappe.utils.flt(x)
    return str(int(x)) if x == int(x) else str(x)


issue = []
back = []
kept = []
for row in doc.get("supplies") or []:
    was = old.get(row.get("name")) if row.get("name") else None
    row.stock_entry = was.stock_entry if was else None
    if not was or not was.stock_entry:
        # Not issued yet: it leaves stock when the case is resolved (stock items only).
        if stocked and row.get("item") and frappe.utils.flt(row.get("qty")) > 0 and frappe.db.get_value("Item", row.get("item"), "is_stock_item"):
            issue.append([row, line(row.item, row.qty, row.warehouse, row.serial_no)])
        continue
    kept.append(was.name)
    before = line(was.item, was.qty, was.warehouse, was.serial_no)
    if cancelling:
        back.append(before)
        row.stock_entry = None
        continue
    now = line(row.item, row.qty, row.warehouse, row.serial_no)
    if now["item"] != before["item"] or now["warehouse"] != before["warehouse"] or now["serial_no"] != before["serial_no"]:
        back.append(before)
        issue.append([row, now])
    elif now["qty"] > before["qty"]:
        issue.append([row, line(now["item"], now["qty"] - before["qty"], now["warehouse"], now["serial_no"])])
    elif now["qty"] < before["qty"]:
        back.append(line(now["item"], before["qty"] - now["qty"], now["warehouse"], now["serial_no"]))
for name in old:
    if old[name].stock_entry and name not in kept:
        back.append(line(old[name].item, old[name].qty, old[name].warehouse, old[name].serial_no))
if back:
    rows = []
    for b in back:
        rate = frappe.utils.flt(frappe.db.get_value("Bin", {"item_code": b["item"], "warehouse": b["warehouse"]}, "valuation_rate")) or frappe.utils.flt(frappe.db.get_value("Item", b["item"], "valuation_rate"))
        rows.append({"item_code": b["item"], "qty": b["qty"], "t_warehouse": b["warehouse"], "basic_rate": rate, "serial_no": b["serial_no"], "use_serial_batch_fields": 1 if b["serial_no"] else 0})
    receipt = {"doctype": "Stock Entry", "stock_entry_type": "Material Receipt", "docstatus": 1, "remarks": "Caso " + doc.name + ": devolución de insumos / supplies returned", "items": rows}
    if company:
        receipt["company"] = company
    frappe.get_doc(receipt).insert(ignore_permissions=True)
if issue:
    need = {}
    for pair in issue:
        key = pair[1]["item"] + "|" + str(pair[1]["warehouse"] or "")
        need[key] = need.get(key, 0) + pair[1]["qty"]
    short = []
    for key in need:
        item, warehouse = key.split("|")
        actual = frappe.utils.flt(frappe.db.get_value("Bin", {"item_code": item, "warehouse": warehouse}, "actual_qty")) if warehouse else 0
        if need[key] > actual:
            short.append([item, warehouse or "—", num(need[key]), num(actual)])
    if short:
        more = "" if resolving else " más"
        es = "; ".join([x[0] + " en " + x[1] + ": se necesitan " + x[2] + more + ", hay " + x[3] for x in short])
        en = "; ".join([x[0] + " in " + x[1] + ": " + x[2] + ("" if resolving else " more") + " needed, " + x[3] + " in stock" for x in short])
        if resolving:
            frappe.throw("Insumos: no hay stock suficiente para resolver (" + es + "). / Supplies: not enough stock to resolve (" + en + ").", frappe.ValidationError)
        frappe.throw("Insumos: no hay stock suficiente para el cambio (" + es + "). / Supplies: not enough stock for the change (" + en + ").", frappe.ValidationError)
    entry = {
        "doctype": "Stock Entry",
        "stock_entry_type": "Material Issue",
        "docstatus": 1,
        "remarks": "Caso " + doc.name,
        "items": [{"item_code": p[1]["item"], "qty": p[1]["qty"], "s_warehouse": p[1]["warehouse"], "serial_no": p[1]["serial_no"], "use_serial_batch_fields": 1 if p[1]["serial_no"] else 0} for p in issue],
    }
    if company:
        entry["company"] = company
    moved = frappe.get_doc(entry).insert(ignore_permissions=True)
    for pair in issue:
        pair[0].stock_entry = moved.name
