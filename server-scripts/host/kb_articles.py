# API · postventa.kb.articles
# The knowledge base as a customer may see it: published articles marked for the customer portal, nothing else.
# Portal users hold no permission on KB Article itself (an Internal or Draft article is never theirs to read, whatever
# a screen shows); staff read the doctype directly. Arguments are checked for type and length before any query.
search = frappe.form_dict.get("search") or ""
product = frappe.form_dict.get("product") or ""
if not isinstance(search, str) or len(search) > 140:
    frappe.throw("search: un texto de hasta 140 caracteres. / search: a text of up to 140 characters.")
if not isinstance(product, str) or len(product) > 140:
    frappe.throw("product: un código de hasta 140 caracteres. / product: a code of up to 140 characters.")
filters = {"status": "Published", "visibility": "Customer Portal"}
if product:
    filters["product"] = product
or_filters = None
if search.strip():
    needle = "%" + search.strip().replace("%", "").replace("_", "") + "%"
    or_filters = [["title", "like", needle], ["symptom", "like", needle], ["solution", "like", needle]]
frappe.response["message"] = frappe.get_all(
    "KB Article",
    filters=filters,
    or_filters=or_filters,
    fields=["name", "title", "category", "product", "module", "symptom", "solution", "modified"],
    order_by="modified desc",
    limit=50,
)
