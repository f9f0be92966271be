# API · postventa.kb.articles
# The knowledge base as a customer may see it: published articles marked for the customer portal, nothing else.
# Portal users hold no permission on KB Article itself (an Internal or Draft article is never theirs to read, whatever
# a screen shows); staff read the doctype directly. `search` is split into words (up to 6 of 3 letters or more): an
# article matches when a word is in its title, symptom or solution, and those matching more words come first — so a
# sentence typed in a new case finds the articles about it. Arguments are checked for type and length before any
# query.
search = frappe.form_dict.get("search") or ""
product = frappe.form_dict.get("product") or ""
if not isinstance(search, str) or len(search) > 500:
    frappe.throw("search: un texto de hasta 500 caracteres. / search: a text of up to 500 characters.")
if not isinstance(product, str) or len(product) > 140:
    frappe.throw("product: un código de hasta 140 caracteres. / product: a code of up to 140 characters.")
words = []
for raw in search.lower().replace(",", " ").replace(".", " ").replace("%", " ").replace("_", " ").split():
    w = raw.strip("¿?¡!:;()[]\"'")
    if len(w) >= 3 and w not in words and w not in ("que", "los", "las", "del", "con", "por", "una", "para", "the", "and", "not", "está", "esta", "tiene", "hay"):
        words.append(w)
words = words[:6]
filters = {"status": "Published", "visibility": "Customer Portal"}
if product:
    filters["product"] = product
or_filters = None
if words:
    or_filters = []
    for w in words:
        needle = "%" + w + "%"
        or_filters.append(["title", "like", needle])
        or_filters.append(["symptom", "like", needle])
        or_filters.append(["solution", "like", needle])
rows = frappe.get_all(
    "KB Article",
    filters=filters,
    or_filters=or_filters,
    fields=["name", "title", "category", "product", "module", "symptom", "solution", "modified"],
    order_by="modified desc",
    limit=50,
)
if words:
    for r in rows:
        text = ((r.title or "") + " " + (r.symptom or "") + " " + (r.solution or "")).lower()
        r["hits"] = len([w for w in words if w in text]) + len([w for w in words if w in (r.title or "").lower()])
    rows = sorted(rows, key=lambda r: -r["hits"])
frappe.response["message"] = rows
