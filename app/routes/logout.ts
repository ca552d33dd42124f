// POST only: a link or prefetch must never sign anyone out.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/lib/auth/auth.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { createSupabaseServerClient } from "~/lib/platform/supabase.server";

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  await signOut(supabase);
  return redirectWithHeaders("/", headers);
}

export function loader() {
  return redirect("/");
}
