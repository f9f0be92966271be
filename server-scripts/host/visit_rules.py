# DocType Event · Service Visit · Before Save
# A field visit's record (seed 000 phase 1, seed 001; issue 15), kept honest on the host:
#   - its steps: Proposed → Scheduled → In Progress (check-in) → Completed (check-out), or Cancelled / No Show;
#     Completed and Cancelled are final;
#   - check-in and check-out times are the host's clock, never the phone's (started_on / finished_on);
#     a location is kept only as "lat,lng" (the technician consented in the browser);
#   - checking out needs the work done written;
#   - the customer's signature is a PNG drawn on the screen (data URL, up to 300 kB) with the signer's name; the host
#     stamps signed_on, and from then on the record of work (work done, recommendations, photos, signature, signer)
#     no longer changes;
#   - photos are Files attached to this visit.
# Every refusal names the field, in Spanish and English.
SYSTEM = ("Postventa Integration",)
WORK = ("work_done", "recommendations", "customer_signature", "signed_by")
roles = frappe.get_all("Has Role", filters={"parent": frappe.session.user, "parenttype": "User"}, pluck="role")
system = frappe.session.user == "Administrator" or any(r in SYSTEM for r in roles)
before = frappe.get_doc("Service Visit", doc.name) if doc.name and frappe.db.exists("Service Visit", doc.name) else None
status = doc.get("status") or "Proposed"
was = before.status if before else None
now = frappe.utils.now()

steps = {None: ("Proposed", "Scheduled"), "Proposed": ("Scheduled", "Cancelled"), "Scheduled": ("In Progress", "Cancelled", "No Show"), "In Progress": ("Completed", "Cancelled"), "No Show": ("Scheduled",)}
if status != was and not system and status not in steps.get(was, ()):
    frappe.throw("Estado: una visita " + str(was) + " no pasa a " + status + ". / Status: a " + str(was) + " visit cannot become " + status + ".", frappe.ValidationError)
if not system:
    doc.started_on = before.started_on if before else None
    doc.finished_on = before.finished_on if before else None
    doc.signed_on = before.signed_on if before else None
if status == "In Progress" and was != "In Progress":
    doc.started_on = doc.get("started_on") or now
if status == "Completed" and was != "Completed":
    if not frappe.utils.strip_html(doc.get("work_done") or "").strip():
        frappe.throw("Trabajo realizado: escríbalo antes de cerrar la visita. / Work done: write it before checking out.", frappe.ValidationError)
    doc.finished_on = doc.get("finished_on") or now
for f in ("checkin_location", "checkout_location"):
    v = doc.get(f)
    if v:
        parts = str(v).split(",")
        ok = len(parts) == 2 and len(str(v)) <= 60
        if ok:
            for p in parts:
                q = p.strip().lstrip("-")
                ok = ok and q.replace(".", "", 1).isdigit()
        if not ok:
            frappe.throw("Ubicación: «lat,lng» en grados. / Location: 'lat,lng' in degrees.", frappe.ValidationError)
for f, most, label in (("work_done", 50000, "Trabajo realizado / Work done"), ("recommendations", 20000, "Recomendaciones / Recommendations"), ("signed_by", 140, "Firmado por / Signed by")):
    if len(doc.get(f) or "") > most:
        frappe.throw(label + ": hasta " + str(most) + " caracteres. / up to " + str(most) + " characters.", frappe.ValidationError)
signature = doc.get("customer_signature") or ""
if signature and (not signature.startswith("data:image/png;base64,") or len(signature) > 400000):
    frappe.throw("Firma del cliente: una imagen PNG dibujada en pantalla, hasta 300 kB. / Customer signature: a PNG drawn on screen, up to 300 kB.", frappe.ValidationError)
if signature and len((doc.get("signed_by") or "").strip()) < 2:
    frappe.throw("Firmado por: escriba el nombre de quien firma. / Signed by: write the signer's name.", frappe.ValidationError)
photos = doc.get("photos") or []
if len(photos) > 30:
    frappe.throw("Fotos: hasta 30 por visita. / Photos: up to 30 per visit.", frappe.ValidationError)
urls = [p.get("photo") for p in photos if p.get("photo")]
if urls and doc.name:
    attached = frappe.get_all("File", filters={"file_url": ["in", urls], "attached_to_doctype": "Service Visit", "attached_to_name": doc.name}, pluck="file_url", limit=100)
    for u in urls:
        if u not in attached:
            frappe.throw("Fotos: «" + frappe.utils.escape_html(str(u)[:80]) + "» no es un archivo de esta visita. / Photos: that is not a file of this visit.", frappe.ValidationError)
if before and before.signed_on:
    changed = [f for f in WORK if (doc.get(f) or "") != (before.get(f) or "")]
    if [p.get("photo") for p in (before.get("photos") or [])] != urls:
        changed.append("photos")
    if changed:
        frappe.throw("La visita ya está firmada por el cliente: el registro del trabajo no cambia (" + ", ".join(changed) + "). / The visit is signed by the customer: its record of work no longer changes.", frappe.ValidationError)
elif signature:
    doc.signed_on = now
