// /lab/settings: the signed-in staff member's own settings for the lab workspace: how they hear of
// new booking requests (each at once, a daily digest at 08:00 Beijing time, or not by e-mail) and
// their private calendar feed of the current lab (turn on, make a new address, turn off).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert, SubmitButton } from "~/components/ui/forms";
import { useT } from "~/lib/i18n/react";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { feedSchema, REQUEST_MAIL_MODES, requestMailSchema } from "~/lib/labs/staff-schemas";
import { disableFeed, enableFeed, feedPath, getStaffSettings, saveRequestMail } from "~/lib/labs/settings.server";
import { env } from "~/lib/platform/env.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labSettings.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab, user } = await requireCurrentLab(request);
  const settings = await getStaffSettings(supabase, user.id, lab.id);
  return json({ settings }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, lab, user } = await requireCurrentLab(request);
  const formData = await request.formData();
  if (formData.get("intent") === "mail") {
    const parsed = requestMailSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return json({ error: "labSettings.mail.invalid" as const, feedUrl: null }, { status: 400, headers });
    await saveRequestMail(supabase, user.id, parsed.data.requestMail);
    return redirectWithHeaders("/lab/settings?done=mail", headers);
  }
  const parsed = feedSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return json({ error: "validation.invalid" as const, feedUrl: null }, { status: 400, headers });
  if (parsed.data.intent === "feed-off") {
    await disableFeed(supabase, lab.id);
    return redirectWithHeaders("/lab/settings?done=feed-off", headers);
  }
  const result = await enableFeed(supabase, lab.id);
  if (!result.ok) return json({ error: result.error.message, feedUrl: null }, { status: result.error.status, headers });
  // The address is shown once, now: only its hash is stored.
  return json({ error: null, feedUrl: `${env.APP_URL}${feedPath(result.value)}` }, { headers });
}

export default function LabSettingsPage() {
  const t = useT();
  const { settings } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const feedOn = settings.feedOn || Boolean(data?.feedUrl);
  return (
    <div>
      <header className="page-header">
        <h1>{t("labSettings.title")}</h1>
        <p className="muted">{t("labSettings.intro")}</p>
      </header>
      {done === "mail" ? <FormAlert tone="success" message="labSettings.mail.saved" /> : null}
      {done === "feed-off" ? <FormAlert tone="success" message="labSettings.feed.turnedOff" /> : null}
      <FormAlert message={data?.error} />

      <section className="panel" aria-labelledby="mail-title">
        <h2 id="mail-title">{t("labSettings.mail.title")}</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="mail" />
          <fieldset className="field fieldset">
            <legend>{t("labSettings.mail.legend")}</legend>
            {REQUEST_MAIL_MODES.map((mode) => (
              <label key={mode} className="choice">
                <input type="radio" name="requestMail" value={mode} defaultChecked={settings.requestMail === mode} />
                {t(`labSettings.mail.${mode}`)}
              </label>
            ))}
          </fieldset>
          <SubmitButton>{t("labSettings.mail.submit")}</SubmitButton>
        </Form>
      </section>

      <section className="panel" aria-labelledby="feed-title">
        <h2 id="feed-title">{t("labSettings.feed.title")}</h2>
        <p className="muted">{t("labSettings.feed.intro")}</p>
        {data?.feedUrl ? (
          <div className="alert alert--success" role="status">
            <p>{t("labSettings.feed.created")}</p>
            <p>
              <a className="feed-url" href={data.feedUrl} data-testid="feed-url">
                {data.feedUrl}
              </a>
            </p>
          </div>
        ) : feedOn ? (
          <p>{t("labSettings.feed.on")}</p>
        ) : (
          <p>{t("labSettings.feed.off")}</p>
        )}
        <div className="row-actions">
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value={feedOn ? "feed-reset" : "feed-on"} />
            <SubmitButton>{t(feedOn ? "labSettings.feed.reset" : "labSettings.feed.turnOn")}</SubmitButton>
          </Form>
          {feedOn ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="feed-off" />
              <button type="submit" className="button button--danger">
                {t("labSettings.feed.turnOff")}
              </button>
            </Form>
          ) : null}
        </div>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
