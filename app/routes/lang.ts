// POST /lang: switch the interface language (works without JavaScript), then go back.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getUser } from "~/lib/auth.server";
import { redirectWithHeaders } from "~/lib/http.server";
import { serializeLangCookie } from "~/lib/locale.server";
import { setOwnLocale } from "~/lib/profile.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { langSchema, parseForm } from "~/lib/validation";

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(langSchema, await request.formData());
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { supabase, headers, user } = await getUser(request);
  if (user) await setOwnLocale(supabase, user.id, parsed.data.lang);
  headers.append("Set-Cookie", serializeLangCookie(parsed.data.lang, new URL(request.url).protocol === "https:"));
  return redirectWithHeaders(safeRedirect(parsed.data.redirectTo), headers);
}

export function loader() {
  return redirect("/");
}
