// POST /lab/switch: remember which lab the workspace shows (works without JavaScript), then go back.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireLabStaff } from "~/lib/auth/roles.server";
import { serializeLabCookie } from "~/lib/labs/current-lab.server";
import { redirectWithHeaders, isSecureRequest } from "~/lib/platform/http.server";
import { safeRedirect } from "~/lib/platform/safe-redirect";

const switchSchema = z.object({ lab: z.string().uuid(), redirectTo: z.string().max(2048).optional() });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = switchSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  // Only a lab the user staffs can be chosen: anyone else gets 404.
  const { headers } = await requireLabStaff(request, parsed.data.lab);
  headers.append("Set-Cookie", serializeLabCookie(parsed.data.lab, isSecureRequest(request)));
  const to = safeRedirect(parsed.data.redirectTo, "/lab");
  return redirectWithHeaders(to.startsWith("/lab") ? to : "/lab", headers);
}

export function loader() {
  return redirect("/lab");
}
