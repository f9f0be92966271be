/**
 * Frappe's exceptions as the dev host raises them, with the HTTP status each maps to (docs/host-contract.md) and the
 * v1 error envelope: `exc_type`, `exception`, `exc` (a JSON string of a traceback list) and `_server_messages`
 * (a JSON string of a list of JSON strings), the traceback keys only while System Settings allow it.
 */
import { randomBytes } from 'node:crypto';

export interface ServerMessage {
  message: string;
  title?: string;
  indicator?: string;
  raise_exception?: 1;
  alert?: 1;
}

const STATUS: Record<string, number> = {
  ValidationError: 417,
  MandatoryError: 417,
  LinkValidationError: 417,
  CancelledLinkError: 417,
  TimestampMismatchError: 417,
  UniqueValidationError: 417,
  UpdateAfterSubmitError: 417,
  DocstatusTransitionError: 417,
  InvalidStatusError: 417,
  DataError: 417,
  LinkExistsError: 417,
  CharacterLengthExceededError: 417,
  FrappeTypeError: 417,
  NegativeStockError: 417,
  FiscalYearError: 417,
  ItemPriceDuplicateItem: 417,
  SerialNoCannotCreateDirectError: 417,
  SerialNoWarehouseError: 417,
  InvalidEmailAddressError: 417,
  InvalidPhoneNumberError: 417,
  NonNegativeError: 417,
  DoesNotExistError: 404,
  PageDoesNotExistError: 404,
  PermissionError: 403,
  ServerScriptNotEnabled: 403,
  AuthenticationError: 401,
  SessionExpired: 401,
  NameError: 409,
  DuplicateEntryError: 409,
  CSRFTokenError: 400,
  TooManyRequestsError: 429,
  RateLimitExceededError: 429,
  InReadOnlyMode: 503,
  LinkExpired: 410,
  UnsupportedMediaType: 415,
  OutgoingEmailError: 501,
};

/** Where each class lives, for the `exception` line ("frappe.exceptions.ValidationError: …"). */
const MODULE: Record<string, string> = {
  NegativeStockError: 'erpnext.stock.stock_ledger',
  FiscalYearError: 'erpnext.accounts.utils',
  ItemPriceDuplicateItem: 'erpnext.stock.doctype.item_price.item_price',
  SerialNoCannotCreateDirectError: 'erpnext.stock.doctype.serial_no.serial_no',
  SerialNoWarehouseError: 'erpnext.stock.doctype.serial_no.serial_no',
};

export class FrappeError extends Error {
  readonly excType: string;
  readonly httpStatus: number;
  readonly messages: ServerMessage[];
  /** Extra keys some errors put in the body (`_error_message`, `message` on failed login). */
  readonly extra: Record<string, string>;

  constructor(
    excType: string,
    message: string,
    messages: ServerMessage[] = [],
    extra: Record<string, string> = {},
    status?: number,
  ) {
    super(message);
    this.name = excType;
    this.excType = excType;
    this.httpStatus = status ?? STATUS[excType] ?? 500;
    this.messages = messages;
    this.extra = extra;
  }
}

/** `frappe.throw(msg, exc)`: one red message, raised as the given class. */
export function frappeThrow(message: string, excType = 'ValidationError', title = 'Message'): FrappeError {
  return new FrappeError(excType, stripTags(message), [{ message, title, indicator: 'red', raise_exception: 1 }]);
}

export function notFound(doctype: string, name: string): FrappeError {
  return frappeThrow(`${doctype} ${name} not found`, 'DoesNotExistError');
}

export function notPermitted(message: string): FrappeError {
  return new FrappeError(
    'PermissionError',
    message,
    [{ message, title: 'Not Permitted', indicator: 'red', raise_exception: 1 }],
    { _error_message: message },
  );
}

export function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

/** The JSON body of a failed `/api/` request. */
export function errorBody(err: FrappeError, allowTraceback: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { exc_type: err.excType, ...err.extra };
  if (allowTraceback) {
    const line = `${MODULE[err.excType] ?? 'frappe.exceptions'}.${err.excType}: ${err.message}`;
    body.exception = line;
    body.exc = JSON.stringify([
      `Traceback (most recent call last):\n  File "apps/frappe/frappe/app.py", line 114, in application\n${line}\n`,
    ]);
  }
  if (err.messages.length) body._server_messages = encodeServerMessages(err.messages);
  return body;
}

/** `_server_messages`: Python's json.dumps of a list of json.dumps'd dicts (", " and ": " separators). */
export function encodeServerMessages(messages: ServerMessage[]): string {
  return pyDumps(
    messages.map((m) =>
      pyDumps({ ...m, __frappe_exc_id: m.raise_exception ? randomBytes(5).toString('hex') : undefined }),
    ),
  );
}

/** JSON with Python's default separators, dropping undefined keys. */
export function pyDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${pyDumps(k)}: ${pyDumps(v)}`).join(', ')}}`;
}

/** An error the database raises (not a Frappe exception): the host answers 500 with the driver's class name. */
export function databaseError(excType: string, message: string): FrappeError {
  return new FrappeError(
    excType,
    message,
    [{ message: 'Internal Server Error', title: 'Message', indicator: 'red' }],
    {},
    500,
  );
}
