# DocType Event · Survey Response · After Save
# An answered survey, however it was answered (the guest page's survey_submit.py, the portal's portal_surveys.py),
# counts where people look (issue 17): its scores go on the case; a detractor — NPS 6 or less, or CSAT 2 or less —
# is marked and opens, once, an inbound Customer Interaction with a follow-up today, so the customer's account
# manager (else who had the case, else a support manager) gets the task to call and agree an action plan
# (interaction_follow_up.py makes the ToDo).
if doc.status == "Answered":
    csat = doc.csat if doc.csat not in (None, "", 0) else None
    nps = doc.nps if doc.nps not in (None, "") else None
    if doc.support_case and frappe.db.exists("Support Case", doc.support_case):
        frappe.db.set_value("Support Case", doc.support_case, {"csat": csat, "nps": nps, "survey_response": doc.name}, update_modified=False)
    detractor = (nps is not None and frappe.utils.cint(nps) <= 6) or (csat is not None and frappe.utils.cint(csat) <= 2)
    if detractor and not doc.follow_up and doc.customer:
        owner = frappe.db.get_value("Customer", doc.customer, "account_manager") or doc.agent
        if not owner or not frappe.db.exists("User", owner):
            managers = frappe.get_all("Has Role", filters={"role": "Support Manager", "parenttype": "User", "parent": ["not in", ["Administrator", "Guest"]]}, pluck="parent", limit=1)
            owner = managers[0] if managers else "Administrator"
        scores = " · ".join([x for x in [("CSAT " + str(csat)) if csat is not None else "", ("NPS " + str(nps)) if nps is not None else ""] if x])
        follow = frappe.get_doc({
            "doctype": "Customer Interaction",
            "customer": doc.customer,
            "contact": doc.contact,
            "interaction_type": "Survey",
            "direction": "Inbound",
            "proactive": 0,
            "reason": ("Encuesta con nota baja (" + scores + "): llamar y acordar un plan de acción / Low survey score: call, agree an action plan")[:140],
            "summary": doc.comments or "—",
            "outcome": "Detractor: " + scores,
            "support_case": doc.support_case,
            "user": owner,
            "next_follow_up": frappe.utils.today(),
        }).insert(ignore_permissions=True)
        frappe.db.set_value("Survey Response", doc.name, {"detractor": 1, "follow_up": follow.name}, update_modified=False)
