// Sent by the Send Email Hook for email_action_type "invite" (a lab manager added an address that
// had no account: docs/decisions/021). The link signs the person in and asks for a password.
import { AuthActionEmail, type AuthEmailProps } from "./components/auth-action";
import { emailT, type EmailLocale } from "./i18n";

export type AuthInviteEmailProps = AuthEmailProps;

export function subject(locale: EmailLocale): string {
  return emailT(locale)("invite.subject");
}

export default function AuthInviteEmail(props: AuthInviteEmailProps) {
  return <AuthActionEmail prefix="invite" {...props} />;
}

AuthInviteEmail.PreviewProps = {
  locale: "zh-CN",
  confirmUrl: "http://localhost:3000/auth/confirm?token_hash=pkce_0123456789abcdef&type=invite&next=%2Flab",
  code: "493027",
} satisfies AuthInviteEmailProps;
