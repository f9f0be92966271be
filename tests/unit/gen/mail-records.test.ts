/**
 * The mail templates the installer creates as host records are the mjml render of their source: the committed
 * fixture equals a fresh render (run `npm run gen` after changing the template), and every placeholder the host
 * script fills is there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { portalInviteRecord } from '../../../server-scripts/companion/mail/portal-invite.ts';
import { INVITE_RECORD } from '../../../scripts/gen/mail-records.ts';

describe('the portal invitation template', () => {
  it('is committed as rendered from its mjml', async () => {
    const committed = JSON.parse(readFileSync(INVITE_RECORD, 'utf8')) as unknown[];
    expect(committed).toEqual([await portalInviteRecord()]);
  });

  it('holds the placeholders postventa.portal.invite fills, and the button to the set-password link', async () => {
    const { response_html: html } = (await portalInviteRecord()) as { response_html: string };
    for (const p of ['[[name]]', '[[customer]]', '[[company]]', '[[link]]', '[[portal]]']) expect(html).toContain(p);
    expect(html).toContain('href="[[link]]"');
    expect(html).toContain('Definir mi contraseña');
    expect(html).toContain('Set my password');
  });
});
