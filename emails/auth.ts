// Picks and renders the auth e-mail for a Send Email Hook action, in HTML and plain text.
import { render } from "@react-email/render";
import { createElement } from "react";
import AuthConfirmSignupEmail, { subject as signupSubject } from "./auth-confirm-signup";
import AuthEmailChangeEmail, { subject as emailChangeSubject } from "./auth-email-change";
import AuthInviteEmail, { subject as inviteSubject } from "./auth-invite";
import AuthMagicLinkEmail, { subject as magicLinkSubject } from "./auth-magic-link";
import AuthReauthenticationEmail, {
  subject as reauthenticationSubject,
  type AuthReauthenticationEmailProps,
} from "./auth-reauthentication";
import AuthRecoveryEmail, { subject as recoverySubject } from "./auth-recovery";
import type { AuthEmailProps } from "./components/auth-action";

/** The auth e-mails with a confirmation link (and its code). */
export type LinkAuthEmailKind = "signup" | "invite" | "magiclink" | "recovery" | "email_change";
/** The auth e-mails that carry only a code: the reauthentication nonce. */
export type CodeAuthEmailKind = "reauthentication";
/** The e-mail types the app can render. */
export type AuthEmailKind = LinkAuthEmailKind | CodeAuthEmailKind;

export type LinkAuthEmailProps = AuthEmailProps & { newEmail?: string };
export type CodeAuthEmailProps = AuthReauthenticationEmailProps;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function authEmailKind(action: string): AuthEmailKind | null {
  switch (action) {
    case "signup":
    case "invite":
      return action;
    case "magiclink":
    case "recovery":
    case "email_change":
    case "reauthentication":
      return action;
    default:
      return null;
  }
}

export function renderAuthEmail(kind: LinkAuthEmailKind, props: LinkAuthEmailProps): Promise<RenderedEmail>;
export function renderAuthEmail(kind: CodeAuthEmailKind, props: CodeAuthEmailProps): Promise<RenderedEmail>;
export async function renderAuthEmail(
  kind: AuthEmailKind,
  props: LinkAuthEmailProps | CodeAuthEmailProps,
): Promise<RenderedEmail> {
  const { element, subject } = (() => {
    if (kind === "reauthentication") {
      return { element: createElement(AuthReauthenticationEmail, { locale: props.locale, code: props.code, name: props.name }), subject: reauthenticationSubject(props.locale) };
    }
    const linkProps = props as LinkAuthEmailProps;
    switch (kind) {
      case "signup":
        return { element: createElement(AuthConfirmSignupEmail, linkProps), subject: signupSubject(props.locale) };
      case "invite":
        return { element: createElement(AuthInviteEmail, linkProps), subject: inviteSubject(props.locale) };
      case "magiclink":
        return { element: createElement(AuthMagicLinkEmail, linkProps), subject: magicLinkSubject(props.locale) };
      case "recovery":
        return { element: createElement(AuthRecoveryEmail, linkProps), subject: recoverySubject(props.locale) };
      case "email_change":
        return {
          element: createElement(AuthEmailChangeEmail, { ...linkProps, newEmail: linkProps.newEmail ?? "" }),
          subject: emailChangeSubject(props.locale),
        };
    }
  })();
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text };
}
