/** Where `npm run gen` writes the mail templates the installer creates as host records. */
export const INVITE_RECORD = 'fixtures/records/email_template.json';
