"""Fails when a host script uses a name outside Frappe 15's safe_exec whitelist (HOST-FACTS section 4).
Usage: python3 check_names.py FILE...  Prints one line per problem as FILE:LINE: message; exit 1 on any."""
import ast
import sys

TOP = {
    "frappe", "json", "as_json", "dict", "_dict", "log", "args", "FrappeClient", "style", "get_toc", "get_next_link", "_", "scrub",
    "guess_mimetype", "html2text", "dev_server", "run_script", "is_job_queued", "get_visible_columns", "doc",
    # RestrictedPython safe builtins and the extras safe_exec adds
    "str", "int", "float", "len", "True", "False", "None", "abs", "all", "any", "bool", "enumerate", "isinstance", "issubclass",
    "list", "max", "min", "range", "set", "sorted", "sum", "tuple", "round", "zip", "map", "filter", "reversed", "repr", "divmod",
    "hasattr", "Exception", "ValueError", "KeyError", "TypeError", "IndexError",
}
FRAPPE = {
    "call", "flags", "format", "format_value", "date_format", "time_format", "format_date", "form_dict", "bold", "copy_doc", "errprint", "qb",
    "get_meta", "new_doc", "get_doc", "get_mapped_doc", "get_last_doc", "get_cached_doc", "get_list", "get_all", "get_system_settings",
    "rename_doc", "delete_doc", "utils", "get_url", "render_template", "msgprint", "throw", "sendmail", "get_print", "attach_print",
    "user", "get_fullname", "get_gravatar", "full_name", "request", "session", "make_get_request", "make_post_request", "make_put_request",
    "make_patch_request", "make_delete_request", "socketio_port", "get_hooks", "enqueue", "sanitize_html", "log_error", "log", "lang",
    "response", "db", "_",
    "ValidationError", "PermissionError", "DoesNotExistError", "AuthenticationError", "MandatoryError", "LinkValidationError",
    "DuplicateEntryError", "UniqueValidationError", "TimestampMismatchError", "DataError", "LinkExistsError",
}
DB = {"get_list", "get_all", "get_value", "set_value", "get_single_value", "get_default", "exists", "count", "escape", "commit", "rollback",
      "after_commit", "before_commit", "after_rollback", "before_rollback", "add_index", "sql"}
UTILS = set("""DATE_FORMAT TIME_FORMAT DATETIME_FORMAT is_invalid_date_string getdate get_datetime to_timedelta get_timedelta add_to_date
add_days add_months add_years date_diff month_diff time_diff time_diff_in_seconds time_diff_in_hours now_datetime get_timestamp get_eta
get_system_timezone convert_utc_to_system_timezone now nowdate today nowtime get_first_day get_quarter_start get_quarter_ending
get_first_day_of_week get_year_start get_last_day_of_week get_last_day get_time get_datetime_in_timezone get_datetime_str get_date_str
get_time_str get_user_date_format get_user_time_format format_date format_time format_datetime format_duration get_weekdays get_weekday
get_timespan_date_range global_date_format has_common flt cint floor ceil cstr rounded remainder safe_div
round_based_on_smallest_currency_fraction encode parse_val fmt_money get_number_format_info money_in_words in_words is_html is_image
get_thumbnail_base64_for_image image_to_base64 pdf_to_base64 strip_html escape_html pretty_date comma_or comma_and comma_sep new_line_sep
filter_strip_join get_url get_host_name_from_request url_contains_port get_host_name get_link_to_form get_link_to_report get_absolute_url
get_url_to_form get_url_to_list get_url_to_report get_url_to_report_with_filters evaluate_filters compare get_filter make_filter_tuple
make_filter_dict sanitize_column scrub_urls expand_relative_urls quoted quote_urls unique strip to_markdown md_to_html markdown is_subset
generate_hash formatdate get_user_info_for_avatar get_abbr get_month""".split())


def chain(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return list(reversed(parts))
    return None


def check(path):
    problems = []
    tree = ast.parse(open(path, encoding="utf-8").read(), filename=path)
    assigned = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assigned.add(node.id)
        elif isinstance(node, ast.arg):
            assigned.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)) and isinstance(node, ast.FunctionDef):
            assigned.add(node.name)
        elif isinstance(node, ast.comprehension):
            for n in ast.walk(node.target):
                if isinstance(n, ast.Name):
                    assigned.add(n.id)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            problems.append((line, "import is not allowed in server scripts"))
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            problems.append((line, 'attribute "{0}" starts with "_"'.format(node.attr)))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id.startswith("_") and node.id not in ("_", "_dict"):
                problems.append((line, 'name "{0}" starts with "_"'.format(node.id)))
            elif node.id not in TOP and node.id not in assigned:
                problems.append((line, 'name "{0}" is not in safe_exec'.format(node.id)))
        if isinstance(node, ast.Attribute):
            parts = chain(node)
            if parts and parts[0] == "frappe" and len(parts) >= 2:
                if parts[1] not in FRAPPE:
                    problems.append((line, '"frappe.{0}" is not in safe_exec'.format(parts[1])))
                elif parts[1] == "db" and len(parts) >= 3 and parts[2] not in DB:
                    problems.append((line, '"frappe.db.{0}" is not in safe_exec'.format(parts[2])))
                elif parts[1] == "utils" and len(parts) >= 3 and parts[2] not in UTILS:
                    problems.append((line, '"frappe.utils.{0}" is not in safe_exec'.format(parts[2])))
    return sorted(set(problems))


failed = False
for p in sys.argv[1:]:
    for line, msg in check(p):
        failed = True
        print("{0}:{1}: {2}".format(p, line, msg))
sys.exit(1 if failed else 0)
