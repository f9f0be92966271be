# DocType Event · Support Case · Before Validate
# Long texts of a case have a size a person can write (100,000 characters each): anything larger is refused with the
# field named, instead of reaching the database (a 60 MB symptom was accepted before).
LIMITS = (("symptom", "Síntoma / Symptom"), ("diagnosis", "Diagnóstico / Diagnosis"), ("solution", "Solución / Solution"), ("close_reason", "Motivo de cierre / Close reason"))
for field, label in LIMITS:
    value = doc.get(field)
    if value and len(str(value)) > 100000:
        frappe.throw(
            label + ": el texto supera 100.000 caracteres; adjunte un archivo en su lugar. / the text is longer than 100,000 characters; attach a file instead.",
            frappe.ValidationError,
        )
