// Picks and renders the auth e-mail for a Send Email Hook action, in HTML and plain text.
import { render } from "@react-email/render";
import { createElement } from "react";
import AuthConfirmSignupEmail, { subject as signupSubject } from "./auth-confirm-signup";
import AuthEmailChangeEmail, { subject as emailChangeSubject } from "./auth-email-change";
import AuthInviteEmail, { subject as inviteSubject } from "./auth-invite";
import AuthMagicLinkEmail, { subject as magicLinkSubject } from "./auth-magic-link";
import AuthRecoveryEmail, { subject as recoverySubject } from "./auth-recovery";
import type { AuthEmailProps } from "./components/auth-action";

/** The e-mail types the app can render. */
export type AuthEmailKind = "signup" | "invite" | "magiclink" | "recovery" | "email_change";

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
      return action;
    default:
      return null;
  }
}

export async function renderAuthEmail(
  kind: AuthEmailKind,
  props: AuthEmailProps & { newEmail?: string },
): Promise<RenderedEmail> {
  const { element, subject } = (() => {
    switch (kind) {
      case "signup":
        return { element: createElement(AuthConfirmSignupEmail, props), subject: signupSubject(props.locale) };
      case "invite":
        return { element: createElement(AuthInviteEmail, props), subject: inviteSubject(props.locale) };
      case "magiclink":
        return { element: createElement(AuthMagicLinkEmail, props), subject: magicLinkSubject(props.locale) };
      case "recovery":
        return { element: createElement(AuthRecoveryEmail, props), subject: recoverySubject(props.locale) };
      case "email_change":
        return {
          element: createElement(AuthEmailChangeEmail, { ...props, newEmail: props.newEmail ?? "" }),
          subject: emailChangeSubject(props.locale),
        };
    }
  })();
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text };
}
