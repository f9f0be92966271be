/**
 * A rule violation with the field named and the message in Spanish and English ("Bad input always gets a clear
 * error, Spanish and English message, the field named"). Thrown by domain functions; edges turn it into a
 * host-style error (HTTP 417 ValidationError) or a CLI line.
 */
export interface BilingualMessage {
  es: string;
  en: string;
}

export class DomainValidationError extends Error {
  readonly field: string;
  readonly es: string;
  readonly en: string;

  constructor(field: string, message: BilingualMessage) {
    super(`${field}: ${message.es} / ${message.en}`);
    this.name = 'DomainValidationError';
    this.field = field;
    this.es = message.es;
    this.en = message.en;
  }
}
