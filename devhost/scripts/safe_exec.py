"""Runs one Frappe Server Script for the dev host with the subset of safe_exec's globals Postventa's scripts use
(docs/host-contract.md). Document access goes back to the dev host over JSON lines on stdio, inside the request's
transaction. As on a real site: names starting with "_" are refused when the script is saved; an import saves and
fails when run (ImportError: __import__ not found); reading an unsafe attribute such as str.format fails when run
(SyntaxError: format is an unsafe attribute). The unsafe attributes come from safe_exec_names.json."""
import ast
import datetime
import json
import os
import random
import secrets
import string
import sys
import zoneinfo

UNSAFE_ATTRIBUTES = frozenset(json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "safe_exec_names.json"), encoding="utf-8"))["unsafe_attributes"])

_IN, _OUT = sys.stdin, sys.stdout
JOB = {}


def _send(obj):
    _OUT.write(json.dumps(obj, default=str) + "\n")
    _OUT.flush()


class FrappeException(Exception):
    exc_type = "ValidationError"

    def __init__(self, message="", title=None):
        super().__init__(message)
        self.message = message
        self.title = title


def _make_exc(name, base=FrappeException):
    return type(name, (base,), {"exc_type": name})


ValidationError = _make_exc("ValidationError")
EXCEPTIONS = {"ValidationError": ValidationError}
for _n in ["PermissionError", "AuthenticationError", "DuplicateEntryError", "NameError", "CSRFTokenError", "SessionExpired", "TooManyRequestsError"]:
    EXCEPTIONS[_n] = _make_exc(_n)
for _n in ["DoesNotExistError", "MandatoryError", "LinkValidationError", "UniqueValidationError", "TimestampMismatchError", "DataError", "LinkExistsError", "InvalidStatusError", "DocstatusTransitionError", "UpdateAfterSubmitError", "CharacterLengthExceededError"]:
    EXCEPTIONS[_n] = _make_exc(_n, ValidationError)


def rpc(op, **args):
    _send({"rpc": op, "args": args})
    reply = json.loads(_IN.readline())
    if "error" in reply:
        err = reply["error"]
        cls = EXCEPTIONS.get(err.get("type"), FrappeException)
        raise cls(err.get("message", ""), err.get("title"))
    return reply.get("ok")


class _dict(dict):
    def __getattr__(self, key):
        return self.get(key)

    def __setattr__(self, key, value):
        self[key] = value


class Document(_dict):
    def set(self, key, value):
        self[key] = value

    def append(self, table, row=None):
        row = _dict(row or {})
        self.setdefault(table, [])
        self[table].append(row)
        return row

    def _refresh(self, data):
        self.clear()
        self.update(_wrap(data))
        return self

    def insert(self, ignore_permissions=False, ignore_mandatory=False, ignore_links=False):
        # Frappe keeps ignore_permissions in doc.flags: a later save or submit of the same object skips them too.
        object.__setattr__(self, "_ignore_permissions", bool(ignore_permissions))
        return self._refresh(rpc("insert", doc=self, ignore_permissions=ignore_permissions, ignore_mandatory=ignore_mandatory, ignore_links=ignore_links))

    def save(self, ignore_permissions=False):
        skip = ignore_permissions or self.__dict__.get("_ignore_permissions", False)
        return self._refresh(rpc("save", doc=self, ignore_permissions=skip))

    def submit(self):
        self["docstatus"] = 1
        return self.save()

    def cancel(self):
        return self._refresh(rpc("cancel", doctype=self.get("doctype"), name=self.get("name")))

    def delete(self, ignore_permissions=False):
        rpc("delete", doctype=self.get("doctype"), name=self.get("name"), ignore_permissions=ignore_permissions)

    def db_set(self, fieldname, value=None, update_modified=True):
        values = fieldname if isinstance(fieldname, dict) else {fieldname: value}
        rpc("set_value", doctype=self.get("doctype"), name=self.get("name"), values=values, update_modified=update_modified)
        self.update(values)

    def get_password(self, fieldname="password", raise_exception=True):
        if (value := rpc("get_password", doctype=self.get("doctype"), name=self.get("name"), fieldname=fieldname)) is None and raise_exception:
            raise EXCEPTIONS["AuthenticationError"]("Password not found for {0} {1} {2}".format(self.get("doctype"), self.get("name"), fieldname))
        return value

    def reset_password(self, send_email=False, password_expired=False):  # User: a new key and its /update-password link
        return JOB["base_url"] + rpc("reset_password", name=self.get("name"), send_email=send_email)

    def as_dict(self):
        return dict(self)


def _wrap(data):
    if isinstance(data, dict):
        return _dict({k: _wrap(v) for k, v in data.items()})
    if isinstance(data, list):
        return [_wrap(v) for v in data]
    return data


def _doc(data):
    return Document(_wrap(data))


def throw(msg, exc=None, title=None, is_minimizable=None, wide=None, as_list=False):
    cls = exc if isinstance(exc, type) and issubclass(exc, FrappeException) else ValidationError
    raise cls(msg, title)


class _Session(_dict):
    pass


def _zone_now():
    return datetime.datetime.strptime(JOB["now"][:26], "%Y-%m-%d %H:%M:%S.%f")


def _datetime_in_timezone(time_zone):
    """Frappe's get_datetime_in_timezone: now in that zone; an unknown zone raises (ZoneInfoNotFoundError)."""
    if not isinstance(time_zone, str) or not time_zone:
        raise ValueError("time zone required")
    return datetime.datetime.now(datetime.timezone.utc).astimezone(zoneinfo.ZoneInfo(time_zone)).replace(tzinfo=None)


def getdate(value=None):
    if value is None:
        return _zone_now().date()
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def get_datetime(value=None):
    if value is None:
        return _zone_now()
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    text = str(value).replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise ValidationError("Invalid date: {0}".format(value))


def add_to_date(date, years=0, months=0, weeks=0, days=0, hours=0, minutes=0, seconds=0, as_string=False, as_datetime=False):
    is_date = isinstance(date, datetime.date) and not isinstance(date, datetime.datetime) or (isinstance(date, str) and len(date) <= 10)
    d = get_datetime(date)
    total_months = d.month - 1 + months + years * 12
    year, month = d.year + total_months // 12, total_months % 12 + 1
    day = min(d.day, [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    d = d.replace(year=year, month=month, day=day) + datetime.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if is_date and not as_datetime and not (hours or minutes or seconds):
        return d.date().isoformat() if as_string else d.date()
    return d.strftime("%Y-%m-%d %H:%M:%S.%f") if as_string else d


def flt(value, precision=None):
    try:
        number = float(value or 0)
    except (TypeError, ValueError):
        number = 0.0
    return round(number, precision) if precision is not None else number


def cint(value):
    try:
        return int(float(value or 0))
    except (TypeError, ValueError):
        return 0


def cstr(value):
    return "" if value is None else str(value)


utils = _dict(
    now=lambda: JOB["now"],
    nowdate=lambda: JOB["today"],
    today=lambda: JOB["today"],
    nowtime=lambda: JOB["now"][11:],
    now_datetime=_zone_now,
    get_datetime_in_timezone=_datetime_in_timezone,
    getdate=getdate,
    get_datetime=get_datetime,
    add_days=lambda date, days: add_to_date(date, days=days),
    add_months=lambda date, months: add_to_date(date, months=months),
    add_years=lambda date, years: add_to_date(date, years=years),
    add_to_date=add_to_date,
    date_diff=lambda a, b: (getdate(a) - getdate(b)).days,
    time_diff_in_seconds=lambda a, b: (get_datetime(a) - get_datetime(b)).total_seconds(),
    time_diff_in_hours=lambda a, b: round((get_datetime(a) - get_datetime(b)).total_seconds() / 3600, 6),
    get_first_day=lambda d: getdate(d).replace(day=1),
    flt=flt,
    cint=cint,
    cstr=cstr,
    strip_html=lambda s: __import__("re").sub(r"<[^>]*>", "", cstr(s)),
    escape_html=lambda s: cstr(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
    get_url=lambda uri=None: JOB["base_url"] + (uri or ""),
    get_system_timezone=lambda: JOB.get("zone") or "America/Santiago",
    generate_hash=lambda txt=None, length=56: secrets.token_hex((int(length or 56) + 1) // 2)[: int(length or 56)],
    random_string=lambda length: "".join(random.choice(string.ascii_letters + string.digits) for _ in range(length)),
)


class _DB(_dict):
    pass


db = _DB(
    get_value=lambda doctype, filters=None, fieldname="name", as_dict=False, **kw: _wrap(rpc("get_value", doctype=doctype, filters=filters, fieldname=fieldname, as_dict=as_dict)),
    get_single_value=lambda doctype, fieldname: rpc("get_single_value", doctype=doctype, fieldname=fieldname),
    set_value=lambda doctype, name, fieldname, value=None, update_modified=True: rpc("set_value", doctype=doctype, name=name, values=fieldname if isinstance(fieldname, dict) else {fieldname: value}, update_modified=update_modified),
    exists=lambda doctype, filters=None: rpc("exists", doctype=doctype, filters=filters),
    count=lambda doctype, filters=None: rpc("count", doctype=doctype, filters=filters),
    get_all=lambda doctype, filters=None, fields=None, order_by=None, limit=None, pluck=None, **kw: _wrap(rpc("get_all", doctype=doctype, filters=filters, fields=fields, order_by=order_by, limit=limit or kw.get("limit_page_length") or kw.get("page_length"), start=kw.get("start") or kw.get("limit_start") or 0, pluck=pluck, or_filters=kw.get("or_filters"), group_by=kw.get("group_by"))),
    get_list=lambda doctype, filters=None, fields=None, order_by=None, limit=None, pluck=None, **kw: _wrap(rpc("get_list", doctype=doctype, filters=filters, fields=fields, order_by=order_by, limit=limit or kw.get("limit_page_length") or kw.get("page_length"), start=kw.get("start") or kw.get("limit_start") or 0, pluck=pluck, or_filters=kw.get("or_filters"), group_by=kw.get("group_by"))),
    escape=lambda value, percent=True: "'" + cstr(value).replace("\\", "\\\\").replace("'", "\\'") + "'",
)

flags = _dict()
response = _dict()
messages = []


def _reset(job):
    """A worker runs many jobs: each starts with fresh request state."""
    JOB.clear()
    JOB.update(job)
    flags.clear()
    response.clear()
    del messages[:]
    frappe["form_dict"] = _wrap(JOB.get("form_dict") or {})
    frappe["session"] = _Session(user=JOB["user"], csrf_token=JOB.get("csrf_token"))
    frappe["user"] = JOB["user"]
    frappe["request"] = _dict(method=JOB.get("http_method") or "POST", remote_addr=JOB.get("ip") or "127.0.0.1", headers=_dict(JOB.get("headers") or {})) if JOB.get("mode") == "api" else None
    frappe["lang"] = JOB.get("lang") or "es"


def msgprint(msg, title=None, indicator=None, alert=False, **kw):
    messages.append({"message": cstr(msg), "title": title or "Message", "indicator": indicator or "blue"})


def get_doc(*args, **kwargs):
    if args and isinstance(args[0], dict):
        return _doc(args[0])
    if kwargs.get("doctype") and len(args) == 0 and "name" not in kwargs:
        return _doc(kwargs)
    doctype = args[0] if args else kwargs.get("doctype")
    name = args[1] if len(args) > 1 else kwargs.get("name", doctype)
    return _doc(rpc("get_doc", doctype=doctype, name=name))


def sendmail(recipients=None, sender=None, subject="No Subject", message="No message", cc=None, bcc=None,
             reference_doctype=None, reference_name=None, communication=None, **kw):
    """Frappe's sendmail queues the mail (Email Queue, a row per recipient); no outgoing account: OutgoingEmailError."""
    split = lambda v: [x.strip() for x in (v if isinstance(v, (list, tuple)) else str(v or "").split(",")) if x and x.strip()]
    everyone = split(recipients) + split(cc) + split(bcc)
    if not everyone:
        return None
    if not db.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name", limit=1):
        raise EXCEPTIONS["ValidationError"]("Please setup default outgoing Email Account from Settings > Email Account", "OutgoingEmailError")
    doc = {"doctype": "Email Queue", "sender": sender or JOB["user"], "status": "Not Sent", "priority": 1,
           "message": "Subject: " + cstr(subject) + "\n\n" + cstr(message),
           "reference_doctype": reference_doctype, "reference_name": reference_name, "communication": communication,
           "recipients": [{"recipient": r, "status": "Not Sent"} for r in everyone]}
    return rpc("insert", doc=doc, ignore_permissions=True, ignore_mandatory=True, ignore_links=True)


frappe = _dict(
    throw=throw,
    msgprint=msgprint,
    get_doc=get_doc,
    new_doc=lambda doctype, **kw: _doc({"doctype": doctype}),
    get_all=db.get_all,
    get_list=db.get_list,
    get_value=db.get_value,
    db=db,
    utils=utils,
    form_dict=_dict(),
    flags=flags,
    response=response,
    session=_Session(user="Guest"),
    user="Guest",
    get_fullname=lambda user=None: rpc("get_value", doctype="User", filters=user or JOB["user"], fieldname="full_name", as_dict=False) or (user or JOB["user"]),
    log_error=lambda title=None, message=None, **kw: None,
    log=lambda *a, **k: None,
    sendmail=sendmail,
    get_url=utils.get_url,
    _=lambda text, *a, **k: text,
    bold=lambda text: "<strong>{0}</strong>".format(text),
    as_json=lambda obj, indent=1: json.dumps(obj, indent=indent, default=str),
    **EXCEPTIONS,
)

SAFE_BUILTINS = {n: __builtins__[n] if isinstance(__builtins__, dict) else getattr(__builtins__, n) for n in [
    "abs", "all", "any", "bool", "dict", "enumerate", "filter", "float", "int", "isinstance", "len", "list", "map", "max", "min",
    "range", "reversed", "round", "set", "sorted", "str", "sum", "tuple", "zip", "True", "False", "None", "Exception", "ValueError",
    "KeyError", "TypeError", "IndexError", "print", "issubclass", "hasattr", "divmod", "repr",
]}
SAFE_BUILTINS["print"] = lambda *a, **k: None


class UnsafeAttribute(Exception):
    pass


def guarded_getattr(obj, name):
    """RestrictedPython's _getattr_ as Frappe sets it: unsafe attributes are refused when read, at run time."""
    if name in UNSAFE_ATTRIBUTES:
        raise UnsafeAttribute(name + " is an unsafe attribute")
    return getattr(obj, name)


class GuardAttributes(ast.NodeTransformer):
    def visit_Attribute(self, node):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load):
            call = ast.Call(func=ast.Name(id="pv_guarded_getattr", ctx=ast.Load()), args=[node.value, ast.Constant(node.attr)], keywords=[])
            return ast.copy_location(call, node)
        return node


def guarded(tree):
    return ast.fix_missing_locations(GuardAttributes().visit(tree))


def check(source):
    tree = ast.parse(source, mode="eval" if JOB["mode"] == "eval" else "exec")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise SyntaxError('"{0}" is an invalid attribute name because it starts with "_".'.format(node.attr))
        if isinstance(node, ast.Name) and node.id.startswith("_") and node.id not in ("_", "_dict"):
            raise SyntaxError('"{0}" is an invalid variable name because it starts with "_"'.format(node.id))
    return tree


def main():
    mode = JOB["mode"]
    source = JOB.get("script") or ""
    try:
        tree = check(source)
        if mode == "check":
            _send({"done": {}})
            return
        tree = guarded(tree)
        env = {"__builtins__": SAFE_BUILTINS, "pv_guarded_getattr": guarded_getattr, "frappe": frappe, "json": _dict(loads=json.loads, dumps=json.dumps), "dict": dict, "_dict": _dict, "_": frappe._, "args": frappe.form_dict, "as_json": frappe.as_json}
        if mode == "eval":
            env["doc"] = _doc(JOB.get("doc") or {})
            env["utils"] = utils
            _send({"done": {"value": bool(eval(compile(tree, "<condition>", "eval"), env))}})
            return
        if mode == "doc":
            env["doc"] = _doc(JOB.get("doc") or {})
        exec(compile(tree, "<serverscript>", "exec"), env)
        _send({"done": {"doc": env.get("doc"), "response": dict(response), "flags": dict(flags), "messages": messages}})
    except FrappeException as e:
        _send({"exception": {"type": e.exc_type, "message": cstr(e.message), "title": e.title, "messages": messages}})
    except UnsafeAttribute as e:
        _send({"exception": {"type": "SyntaxError", "message": cstr(e), "title": None, "python": True}})
    except SyntaxError as e:
        _send({"exception": {"type": "SyntaxError", "message": cstr(e.msg if hasattr(e, "msg") else e), "title": "Compilation warning"}})
    except Exception as e:  # a bug in the script: the host answers 500 with the Python class name
        _send({"exception": {"type": type(e).__name__, "message": cstr(e), "title": None, "python": True}})


for _line in _IN:
    if _line.strip():
        _reset(json.loads(_line))
        main()
