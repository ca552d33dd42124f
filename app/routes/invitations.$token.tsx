// The link in an invitation e-mail: who invites the signed-in user to which organisation, with
// accept and decline. Someone signed out is sent to sign in (or, from the e-mail, to sign up)
// and brought back here. Only the invited address can accept (the database checks it).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ROLE_LABEL } from "~/components/organisations/labels";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert, SubmitButton } from "~/components/ui/forms";
import { requireUser } from "~/lib/auth/auth.server";
import { formatDate, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { acceptInvitation, declineInvitation, getInvitation } from "~/lib/organisations/organisations.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "invitation.meta.title");

const token = z.string().uuid();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const parsed = token.safeParse(params.token);
  const invitation = parsed.success ? await getInvitation(supabase, parsed.data) : null;
  if (!invitation) throw new Response("Not found", { status: 404, headers });
  return json({ invitation, email: user.email ?? "" }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const parsed = token.safeParse(params.token);
  if (!parsed.success) throw new Response("Not found", { status: 404, headers });
  const formData = await request.formData();
  if (formData.get("intent") === "decline") {
    const result = await declineInvitation(supabase, parsed.data);
    if (!result.ok) return json({ error: result.error.message }, { status: result.error.status, headers });
    return redirectWithHeaders("/account/organisation?notice=declined", headers);
  }
  const result = await acceptInvitation(supabase, parsed.data);
  if (!result.ok) return json({ error: result.error.message }, { status: result.error.status, headers });
  const next = safeRedirect(new URL(request.url).searchParams.get("next"), "");
  return redirectWithHeaders(next || `/account/organisation?id=${result.value}&notice=joined`, headers);
}

export default function Invitation() {
  const t = useT();
  const locale = useLocale();
  const { invitation, email } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const organisation = localName(invitation, locale);
  let blocked: MessageKey | null = null;
  if (invitation.already_member) blocked = "invitation.alreadyMember";
  else if (invitation.status !== "pending") blocked = "invitation.used";
  else if (invitation.expired) blocked = "orgError.ORG_INVITATION_EXPIRED";
  else if (!invitation.for_me) blocked = "orgError.ORG_INVITATION_NOT_YOURS";
  return (
    <section className="panel page-narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t("invitation.title", { organisation })}</h1>
      <p>
        {t("invitation.body", {
          inviter: invitation.invited_by || "—",
          organisation,
          role: t(ROLE_LABEL[invitation.role]),
          date: formatDate(invitation.expires_at, locale),
        })}
      </p>
      <FormAlert message={reply?.error} />
      {blocked ? (
        <>
          <FormAlert message={blocked} />
          {blocked === "orgError.ORG_INVITATION_NOT_YOURS" ? <p className="muted">{t("invitation.signedInAs", { email })}</p> : null}
          <p>
            <Link to="/account/organisation">{t("invitation.toAccount")}</Link>
          </p>
        </>
      ) : (
        <div className="row-actions">
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="accept" />
            <SubmitButton>{t("invitation.accept")}</SubmitButton>
          </Form>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="decline" />
            <button type="submit" className="button button--secondary">
              {t("invitation.decline")}
            </button>
          </Form>
        </div>
      )}
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
