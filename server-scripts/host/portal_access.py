# API · postventa.portal.access
# Who of a customer may use the portal (issue 16; seed 001, induction step 4 "configuración de accesos a portal de
# clientes"), for support staff:
#   GET  customer                      → the customer's contacts (with their e-mail) and the portal users bound to
#                                        the customer, customer managers marked, with their last sign-in.
#   POST action=invite, contact, customer, manager (0/1)
#        → the contact's e-mail becomes a Website user with the Support Customer role (and Support Customer Manager
#          when asked: they see all the customer's cases), bound by one User Permission to that customer and nothing
#          else, linked to the contact, and sent the invitation (the Email Template "Postventa - Invitación al
#          portal", rendered from mjml) with the host's own set-password link; after setting it they land in the
#          portal (User.redirect_url). The mail goes to the Email Queue only — no Communication an agent could read
#          keeps the link. A person is bound to another customer only by inviting them from that customer's contact.
#          An internal user (any role with desk access) is never turned into a portal user.
#   POST action=revoke, user, customer → removes that customer's User Permission (and the roles once none is left).
# Every argument is checked for type and length before any query.
STAFF = ("Support Agent", "Support Supervisor", "Support Manager", "System Manager")
PORTAL_ROLES = ("Support Customer", "Support Customer Manager")
me = frappe.session.user
my_roles = frappe.get_all("Has Role", filters={"parent": me, "parenttype": "User"}, pluck="role")
if me != "Administrator" and not any(r in STAFF for r in my_roles):
    frappe.throw("Solo el equipo de soporte da acceso al portal. / Only the support team gives portal access.", frappe.PermissionError)
args = frappe.form_dict
customer = args.get("customer")
if not isinstance(customer, str) or not customer or len(customer) > 140 or not frappe.db.exists("Customer", customer):
    frappe.throw("Cliente: no lo encontramos. / Customer: not found.", frappe.DoesNotExistError)


def portal_users(of_customer):
    names = frappe.get_all("User Permission", filters={"allow": "Customer", "for_value": of_customer}, pluck="user", limit=500)
    out = []
    for u in frappe.get_all("User", filters={"name": ["in", names or [""]]}, fields=["name", "full_name", "enabled", "last_login", "user_type"], order_by="full_name asc", limit=500):
        roles = frappe.get_all("Has Role", filters={"parent": u.name, "parenttype": "User"}, pluck="role")
        if "Support Customer" in roles:
            u["manager"] = "Support Customer Manager" in roles
            out.append(u)
    return out


if not frappe.request or frappe.request.method == "GET":
    links = frappe.get_all("Dynamic Link", filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": customer}, pluck="parent", limit=500)
    contacts = frappe.get_all("Contact", filters={"name": ["in", links or [""]]}, fields=["name", "first_name", "last_name", "email_id", "user"], order_by="first_name asc", limit=500)
    frappe.response["message"] = {"contacts": contacts, "users": portal_users(customer)}
else:
    action = args.get("action")
    if action not in ("invite", "revoke"):
        frappe.throw("action: invite o revoke. / action: invite or revoke.")
    if action == "revoke":
        user = args.get("user")
        if not isinstance(user, str) or not user or len(user) > 140:
            frappe.throw("Usuario: indique el usuario. / User: give the user.")
        perm = frappe.db.get_value("User Permission", {"user": user, "allow": "Customer", "for_value": customer}, "name")
        if not perm:
            frappe.throw("Ese usuario no tiene acceso al portal de " + customer + ". / That user has no portal access for " + customer + ".", frappe.DoesNotExistError)
        frappe.get_doc("User Permission", perm).delete(ignore_permissions=True)
        if not frappe.db.exists("User Permission", {"user": user, "allow": "Customer"}):
            u = frappe.get_doc("User", user)
            u.set("roles", [r for r in u.roles if r.role not in PORTAL_ROLES])
            u.save(ignore_permissions=True)
        frappe.response["message"] = {"revoked": user, "customer": customer}
    else:
        contact = args.get("contact")
        manager = args.get("manager") in (1, "1", True, "true")
        if not isinstance(contact, str) or not contact or len(contact) > 140:
            frappe.throw("Contacto: elija un contacto del cliente. / Contact: choose a contact of the customer.")
        if not frappe.db.exists("Dynamic Link", {"parenttype": "Contact", "parent": contact, "link_doctype": "Customer", "link_name": customer}):
            frappe.throw("Contacto: no es un contacto de " + customer + ". / Contact: not a contact of " + customer + ".")
        c = frappe.db.get_value("Contact", contact, ["name", "first_name", "last_name", "email_id", "user"], as_dict=True)
        email = (c.email_id or "").strip().lower()
        if not email or len(email) > 140 or " " in email or email.count("@") != 1 or "." not in email.split("@")[1]:
            frappe.throw("Correo: el contacto necesita un correo válido para entrar al portal. / E-mail: the contact needs a valid e-mail to use the portal.")
        if email in ("administrator", "guest"):
            frappe.throw("Correo: no válido. / E-mail: not valid.")
        wanted = ["Support Customer"] + (["Support Customer Manager"] if manager else [])
        created = False
        if frappe.db.exists("User", email):
            u = frappe.get_doc("User", email)
            desk = frappe.get_all("Role", filters={"name": ["in", [r.role for r in u.roles] or [""]], "desk_access": 1}, pluck="name")
            if desk or u.user_type == "System User":
                frappe.throw("Correo: " + email + " es un usuario interno del sitio; el portal es para clientes. / E-mail: " + email + " is an internal user of the site; the portal is for customers.", frappe.PermissionError)
            have = [r.role for r in u.roles]
            for role in wanted:
                if role not in have:
                    u.append("roles", {"role": role})
            if not manager and "Support Customer Manager" in have:
                u.set("roles", [r for r in u.roles if r.role != "Support Customer Manager"])
            u.redirect_url = "/postventa#/portal"
            u.save(ignore_permissions=True)
        else:
            u = frappe.get_doc({
                "doctype": "User",
                "email": email,
                "first_name": (c.first_name or email.split("@")[0])[:140],
                "last_name": (c.last_name or "")[:140],
                "user_type": "Website User",
                "send_welcome_email": 0,
                "redirect_url": "/postventa#/portal",
                "roles": [{"role": r} for r in wanted],
            }).insert(ignore_permissions=True)
            created = True
        if not frappe.db.exists("User Permission", {"user": email, "allow": "Customer", "for_value": customer}):
            frappe.get_doc({"doctype": "User Permission", "user": email, "allow": "Customer", "for_value": customer, "apply_to_all_doctypes": 1}).insert(ignore_permissions=True)
        if not c.user:
            frappe.db.set_value("Contact", contact, "user", email)
        sent = False
        problem = ""
        last_login = frappe.db.get_value("User", email, "last_login")
        if created or not last_login or args.get("resend") in (1, "1", True, "true"):
            link = frappe.get_doc("User", email).reset_password(send_email=False)
            tpl = frappe.db.get_value("Email Template", "Postventa - Invitación al portal", ["subject", "response_html"], as_dict=True)
            company = frappe.db.get_single_value("Postventa Settings", "default_company") or frappe.db.get_value("Company", {}, "name") or ""
            values = {
                "[[name]]": frappe.utils.escape_html((c.first_name or email)[:140]),
                "[[customer]]": frappe.utils.escape_html(customer),
                "[[company]]": frappe.utils.escape_html(company),
                "[[link]]": frappe.utils.escape_html(link),
                "[[portal]]": frappe.utils.escape_html(frappe.utils.get_url("/postventa#/portal")),
            }
            subject = (tpl.subject if tpl else "Su acceso al portal de soporte / Your access to the support portal") or ""
            html = (tpl.response_html if tpl else "") or ("<p>[[name]]: <a href=\"[[link]]\">[[link]]</a></p>")
            for k in values:
                subject = subject.replace(k, values[k])
                html = html.replace(k, values[k])
            try:
                frappe.sendmail(recipients=[email], subject=subject, message=html, reference_doctype="Customer", reference_name=customer)
                sent = True
            except Exception:
                problem = "El acceso quedó creado pero el correo no salió: configure la cuenta de correo saliente del sitio y reenvíe la invitación. / The access was created but the mail was not sent: set up the site's outgoing e-mail account and resend the invitation."
        frappe.get_doc({
            "doctype": "Customer Interaction",
            "customer": customer,
            "contact": contact,
            "interaction_date": frappe.utils.now(),
            "interaction_type": "Portal",
            "direction": "Outbound",
            "proactive": 1,
            "reason": ("Acceso al portal: " + email)[:140],
            "outcome": (problem or ("Invitación enviada. / Invitation sent." if sent else "Acceso actualizado. / Access updated.")) + (" Administrador de casos. / Customer manager." if manager else ""),
        }).insert(ignore_permissions=True)
        frappe.response["message"] = {"user": email, "created": created, "invited": sent, "manager": manager, "problem": problem}
