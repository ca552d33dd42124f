// Sent by the Send Email Hook for email_action_type "signup".
import { AuthActionEmail, type AuthEmailProps } from "./components/auth-action";
import { emailT, type EmailLocale } from "./i18n";

export type AuthConfirmSignupEmailProps = AuthEmailProps;

export function subject(locale: EmailLocale): string {
  return emailT(locale)("signup.subject");
}

export default function AuthConfirmSignupEmail(props: AuthConfirmSignupEmailProps) {
  return <AuthActionEmail prefix="signup" {...props} />;
}

AuthConfirmSignupEmail.PreviewProps = {
  locale: "zh-CN",
  confirmUrl: "http://localhost:3000/auth/confirm?token_hash=pkce_0123456789abcdef&type=signup&next=%2Faccount",
  code: "493027",
  name: "王工",
} satisfies AuthConfirmSignupEmailProps;
