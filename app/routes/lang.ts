// POST /lang: switch the interface language (works without JavaScript), then go back.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getUser } from "~/lib/auth/auth.server";
import { redirectWithHeaders, isSecureRequest } from "~/lib/platform/http.server";
import { serializeLangCookie } from "~/lib/i18n/locale.server";
import { setOwnLocale } from "~/lib/account/profile.server";
import { safeRedirect } from "~/lib/platform/safe-redirect";
import { langSchema } from "~/lib/account/schemas";
import { parseSubmission } from "~/lib/forms/submission";

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseSubmission(langSchema, await request.formData());
  if (submission.status !== "success") throw new Response("Bad request", { status: 400 });
  const { lang, redirectTo } = submission.value;
  const { supabase, headers, user } = await getUser(request);
  if (user) await setOwnLocale(supabase, user.id, lang);
  headers.append("Set-Cookie", serializeLangCookie(lang, isSecureRequest(request)));
  return redirectWithHeaders(safeRedirect(redirectTo), headers);
}

export function loader() {
  return redirect("/");
}
