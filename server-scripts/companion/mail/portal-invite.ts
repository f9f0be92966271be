/**
 * The invitation to the customer portal (issue 16), a responsive mjml template: Spanish first, then English; what the
 * portal offers, the button that sets their password (the host's own link, made when they are invited) and the
 * portal's address for later. Rendered once, when the project is built (`npm run gen`), into the Email Template
 * record the installer creates (fixtures/records/email_template.json), so admins may reword it in the desk and the
 * host sends it alone: `postventa.portal.invite` fills the [[…]] placeholders, each value escaped.
 */
import mjml2html from 'mjml';

export const PORTAL_INVITE_TEMPLATE = 'Postventa - Invitación al portal';
export const PORTAL_INVITE_SUBJECT =
  'Su acceso al portal de soporte de [[company]] / Your access to [[company]] support portal';

const block = (lang: 'es' | 'en'): string => {
  const t =
    lang === 'es'
      ? {
          hello: 'Hola [[name]]:',
          body: 'Le damos acceso al portal de soporte de [[company]] para [[customer]]. Allí verá el consumo de su póliza, sus equipos y su historial de servicio, abrirá y seguirá sus casos, y encontrará respuestas en la base de conocimiento.',
          button: 'Definir mi contraseña',
          later: 'El enlace sirve una vez. Después entre en',
        }
      : {
          hello: 'Hello [[name]],',
          body: 'You now have access to the [[company]] support portal for [[customer]]. There you will see your policy usage, your equipment and its service history, open and follow your cases, and find answers in the knowledge base.',
          button: 'Set my password',
          later: 'The link works once. Afterwards, sign in at',
        };
  return `<mj-section padding="8px 0"><mj-column>
    <mj-text font-size="16px" font-weight="600" padding-bottom="4px">${t.hello}</mj-text>
    <mj-text>${t.body}</mj-text>
    <mj-button href="[[link]]" background-color="#171717" border-radius="6px" align="left">${t.button}</mj-button>
    <mj-text font-size="13px" color="#525252">${t.later} <a href="[[portal]]" style="color:#1d4ed8">[[portal]]</a></mj-text>
  </mj-column></mj-section>`;
};

/** The HTML of the invitation with its [[…]] placeholders. */
export async function portalInviteHtml(): Promise<string> {
  const source = `<mjml lang="es"><mj-head><mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="14px" line-height="1.5" color="#171717" /></mj-attributes></mj-head>
  <mj-body background-color="#f5f5f5" width="560px"><mj-wrapper background-color="#ffffff" padding="16px" border-radius="8px">
  ${block('es')}<mj-section padding="0"><mj-column><mj-divider border-width="1px" border-color="#e5e5e5" /></mj-column></mj-section>${block('en')}
  </mj-wrapper></mj-body></mjml>`;
  const out = await mjml2html(source, { validationLevel: 'strict' });
  if (out.errors.length) throw new Error(`portal invite: ${out.errors.map((e) => e.formattedMessage).join('; ')}`);
  return out.html;
}

/** The Email Template record the installer creates once (admins may edit it afterwards). */
export async function portalInviteRecord(): Promise<Record<string, unknown>> {
  return {
    doctype: 'Email Template',
    name: PORTAL_INVITE_TEMPLATE,
    subject: PORTAL_INVITE_SUBJECT,
    use_html: 1,
    response_html: await portalInviteHtml(),
  };
}
