// The instrument's photo: upload (JPEG, PNG or WebP by content, ≤ 5 MB) into Storage under the
// lab's folder with the staff member's own client, replace or remove it. The only lab route with a
// body limit above the default (server/guards.ts), so that a too-large file gets a field message.
import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert } from "~/components/ui/forms";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { getLabInstrument, removePhoto, uploadPhoto } from "~/lib/instruments/lab-instruments.server";
import { PHOTO_MAX_BYTES } from "~/lib/instruments/photo";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labInstruments.photo.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const instrument = await getLabInstrument(supabase, lab.id, params.id ?? "");
  if (!instrument) throw new Response("Not found", { status: 404, headers });
  return json({ instrument: { id: instrument.id, name_zh: instrument.name_zh, name_en: instrument.name_en, photo: instrument.photo } }, { headers });
}

type ActionData = { field: "photo" | "form"; message: MessageKey };

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const instrument = await getLabInstrument(supabase, lab.id, params.id ?? "");
  if (!instrument) return json<ActionData>({ field: "form", message: "labInstruments.error.notFound" }, { status: 404, headers });
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  let form: FormData;
  try {
    form = multipart
      ? await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: PHOTO_MAX_BYTES }))
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return json<ActionData>({ field: "photo", message: "labInstruments.error.photoTooLarge" }, { status: 400, headers });
    }
    return json<ActionData>({ field: "photo", message: "labInstruments.error.photoMissing" }, { status: 400, headers });
  }
  if (form.get("intent") === "remove") {
    const result = await removePhoto(supabase, instrument);
    if (!result.ok) return json<ActionData>({ field: "form", message: result.message }, { status: result.status, headers });
    return redirectWithHeaders(`/lab/instruments/${instrument.id}/photo?removed=1`, headers);
  }
  const file = form.get("photo");
  if (!(file instanceof Blob) || file.size === 0) {
    return json<ActionData>({ field: "photo", message: "labInstruments.error.photoMissing" }, { status: 400, headers });
  }
  const result = await uploadPhoto(supabase, instrument, new Uint8Array(await file.arrayBuffer()));
  if (!result.ok) return json<ActionData>({ field: result.field === "photo" ? "photo" : "form", message: result.message }, { status: result.status, headers });
  return redirectWithHeaders(`/lab/instruments/${instrument.id}/photo?saved=1`, headers);
}

export default function InstrumentPhoto() {
  const t = useT();
  const locale = useLocale();
  const { instrument } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const photoError = data?.field === "photo" ? data.message : null;
  const success: MessageKey | null = data
    ? null
    : searchParams.get("created") === "1"
      ? "labInstruments.created"
      : searchParams.get("saved") === "1"
        ? "labInstruments.photo.saved"
        : searchParams.get("removed") === "1"
          ? "labInstruments.photo.removed"
          : null;
  return (
    <div className="page-narrow">
      <p className="breadcrumb">
        <Link to="/lab/instruments">{t("labInstruments.title")}</Link> / <Link to={`/lab/instruments/${instrument.id}/edit`}>{localName(instrument, locale)}</Link>
      </p>
      <h1>{t("labInstruments.photo.title", { name: localName(instrument, locale) })}</h1>
      <FormAlert message={success} tone="success" />
      <FormAlert message={data?.field === "form" ? data.message : null} />
      <section className="panel" aria-labelledby="current-photo">
        <h2 id="current-photo">{t("labInstruments.photo.current")}</h2>
        {instrument.photo ? (
          <>
            <img className="photo-preview" src={instrument.photo} alt={t("labInstruments.photoOf", { name: localName(instrument, locale) })} />
            <Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <button type="submit" className="button button--secondary" disabled={busy}>
                {t("labInstruments.photo.remove")}
              </button>
            </Form>
          </>
        ) : (
          <p className="muted">{t("labInstruments.noPhoto")}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="upload-photo">
        <h2 id="upload-photo">{t("labInstruments.photo.upload")}</h2>
        <Form method="post" encType="multipart/form-data" className="form" noValidate>
          <input type="hidden" name="intent" value="upload" />
          <div className={photoError ? "field field--invalid" : "field"}>
            <label htmlFor="photo">{t("labInstruments.photo.file")}</label>
            <input
              id="photo"
              name="photo"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              required
              aria-invalid={photoError ? true : undefined}
              aria-describedby={photoError ? "photo-hint photo-error" : "photo-hint"}
            />
            <p id="photo-hint" className="field-hint">
              {t("labInstruments.photo.hint")}
            </p>
            {photoError ? (
              <ul id="photo-error" className="field-errors">
                <li>{t(photoError)}</li>
              </ul>
            ) : null}
          </div>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t("form.submitting") : t("labInstruments.photo.submit")}
          </button>
        </Form>
        <p>
          <Link to={`/lab/instruments/${instrument.id}/hours`}>{t("labInstruments.photo.next")}</Link>
        </p>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
