// Renders a bureau administration e-mail (admin-notice.tsx) in HTML and plain text.
import { render } from "@react-email/render";
import { createElement } from "react";
import AdminNoticeEmail, { subject, type AdminEmailProps } from "./admin-notice";

export { ADMIN_EMAIL_LINKS, ADMIN_EMAIL_TEMPLATES, isAdminEmailTemplate } from "./admin-notice";
export type { AdminEmailProps, AdminEmailTemplate } from "./admin-notice";

export async function renderAdminEmail(props: AdminEmailProps): Promise<{ subject: string; html: string; text: string }> {
  const element = createElement(AdminNoticeEmail, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: subject(props), html, text };
}
