// Sent by the Send Email Hook for email_action_type "magiclink".
import { AuthActionEmail, type AuthEmailProps } from "./components/auth-action";
import { emailT, type EmailLocale } from "./i18n";

export type AuthMagicLinkEmailProps = AuthEmailProps;

export function subject(locale: EmailLocale): string {
  return emailT(locale)("magicLink.subject");
}

export default function AuthMagicLinkEmail(props: AuthMagicLinkEmailProps) {
  return <AuthActionEmail prefix="magicLink" {...props} />;
}

AuthMagicLinkEmail.PreviewProps = {
  locale: "zh-CN",
  confirmUrl: "http://localhost:3000/auth/confirm?token_hash=pkce_0123456789abcdef&type=magiclink&next=%2F",
  code: "493027",
  name: "王工",
} satisfies AuthMagicLinkEmailProps;
