// Sent by the Send Email Hook for email_action_type "recovery".
import { AuthActionEmail, type AuthEmailProps } from "./components/auth-action";
import { emailT, type EmailLocale } from "./i18n";

export type AuthRecoveryEmailProps = AuthEmailProps;

export function subject(locale: EmailLocale): string {
  return emailT(locale)("recovery.subject");
}

export default function AuthRecoveryEmail(props: AuthRecoveryEmailProps) {
  return <AuthActionEmail prefix="recovery" {...props} />;
}

AuthRecoveryEmail.PreviewProps = {
  locale: "zh-CN",
  confirmUrl: "http://localhost:3000/auth/confirm?token_hash=pkce_0123456789abcdef&type=recovery&next=%2Faccount%2Freset-password",
  code: "493027",
  name: "王工",
} satisfies AuthRecoveryEmailProps;
