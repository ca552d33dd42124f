// Sent by the Send Email Hook for email_action_type "email_change".
import { AuthActionEmail, type AuthEmailProps } from "./components/auth-action";
import { emailT, type EmailLocale } from "./i18n";

export interface AuthEmailChangeEmailProps extends AuthEmailProps {
  /** The address the account is moving to. */
  newEmail: string;
}

export function subject(locale: EmailLocale): string {
  return emailT(locale)("emailChange.subject");
}

export default function AuthEmailChangeEmail({ newEmail, ...props }: AuthEmailChangeEmailProps) {
  return <AuthActionEmail prefix="emailChange" vars={{ newEmail }} {...props} />;
}

AuthEmailChangeEmail.PreviewProps = {
  locale: "zh-CN",
  confirmUrl: "http://localhost:3000/auth/confirm?token_hash=pkce_0123456789abcdef&type=email_change&next=%2Faccount",
  code: "581204",
  name: "王工",
  newEmail: "wang.gong@example.com",
} satisfies AuthEmailChangeEmailProps;
