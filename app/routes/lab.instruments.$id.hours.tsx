// Opening hours of one instrument: weekly hours per weekday (copy to other instruments of the lab),
// closures, maintenance windows and extra openings with a reason in zh and en, and a two-week
// preview. The database refuses a change that strands pending or confirmed bookings and names
// them; the page then lists them and offers to cancel them with a reason (each requester is
// e-mailed) and apply the change in one step.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { StrandedBookings } from "~/components/lab/stranded-bookings";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert } from "~/components/ui/forms";
import { text } from "~/lib/forms/fields";
import { formatFullRange, formatDay, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import {
  exceptionFormSchema,
  parseWeeklyHours,
  periodField,
  PERIODS_PER_DAY,
  previewHours,
  WEEKDAYS,
  type FieldErrors,
} from "~/lib/instruments/hours";
import { deleteException, getHours, saveException, saveWeeklyHours, type HoursOutcome, type StrandedBooking } from "~/lib/instruments/hours.server";
import { getLabInstrument, listLabInstruments } from "~/lib/instruments/lab-instruments.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { EXCEPTION_KINDS } from "~/lib/platform/enums";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";
import { todayInShanghai, toLocalMinute } from "~/lib/time/shanghai";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labHours.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const instrument = await getLabInstrument(supabase, lab.id, params.id ?? "");
  if (!instrument) throw new Response("Not found", { status: 404, headers });
  const [hours, siblings] = await Promise.all([getHours(supabase, instrument.id), listLabInstruments(supabase, lab.id)]);
  const today = todayInShanghai();
  return json(
    {
      instrument: { id: instrument.id, name_zh: instrument.name_zh, name_en: instrument.name_en },
      manager: lab.role === "manager",
      periods: hours.periods,
      exceptions: hours.exceptions,
      preview: previewHours(hours.periods, hours.exceptions, today),
      others: siblings.filter((s) => s.id !== instrument.id && s.status !== "retired").map((s) => ({ id: s.id, name_zh: s.name_zh, name_en: s.name_en })),
    },
    { headers },
  );
}

type Intent = "hours" | "exception" | "delete-exception";

type ActionData =
  | { intent: Intent; errors: FieldErrors; message?: MessageKey }
  | { intent: Intent; stranded: StrandedBooking[]; echo: [string, string][]; errors: FieldErrors };

const cancelSchema = z.object({
  cancel: z.array(z.string().uuid()).max(500),
  reason: text().max(1000).optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const instrument = await getLabInstrument(supabase, lab.id, params.id ?? "");
  if (!instrument) throw new Response("Not found", { status: 404, headers });
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "") as Intent;
  const cancelParsed = cancelSchema.safeParse({ cancel: form.getAll("cancel").map(String), reason: form.get("reason") ?? undefined });
  if (!cancelParsed.success) {
    return json<ActionData>({ intent, errors: { reason: "validation.controlCharacters" } }, { status: 400, headers });
  }
  const cancel = { bookingIds: cancelParsed.data.cancel, reason: cancelParsed.data.reason || null };
  const echo = [...form.entries()].filter(([name]) => name !== "cancel" && name !== "reason").map(([name, value]) => [name, String(value)] as [string, string]);
  const reply = (outcome: HoursOutcome) => {
    if (outcome.ok) return null;
    if (outcome.stranded) return json<ActionData>({ intent, stranded: outcome.stranded, echo, errors: {} }, { status: 409, headers });
    return json<ActionData>({ intent, errors: { [outcome.field]: outcome.message } }, { status: outcome.status, headers });
  };

  if (intent === "hours") {
    const { periods, errors } = parseWeeklyHours(form);
    if (Object.keys(errors).length) return json<ActionData>({ intent, errors }, { status: 400, headers });
    const copyTo = form.getAll("copyTo").map(String).filter((id) => /^[0-9a-f-]{36}$/.test(id));
    const failed = reply(await saveWeeklyHours(supabase, [instrument.id, ...copyTo], periods, cancel));
    if (failed) return failed;
    return redirectWithHeaders(`/lab/instruments/${instrument.id}/hours?saved=hours`, headers);
  }
  if (intent === "exception") {
    const parsed = exceptionFormSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => v !== "")));
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message as MessageKey;
      return json<ActionData>({ intent, errors }, { status: 400, headers });
    }
    const failed = reply(await saveException(supabase, instrument.id, parsed.data, cancel));
    if (failed) return failed;
    return redirectWithHeaders(`/lab/instruments/${instrument.id}/hours?saved=exception`, headers);
  }
  if (intent === "delete-exception") {
    const id = String(form.get("exceptionId") ?? "");
    if (!/^[0-9a-f-]{36}$/.test(id)) return json<ActionData>({ intent, errors: { form: "validation.invalid" } }, { status: 400, headers });
    const failed = reply(await deleteException(supabase, id, cancel));
    if (failed) return failed;
    return redirectWithHeaders(`/lab/instruments/${instrument.id}/hours?saved=deleted`, headers);
  }
  return json<ActionData>({ intent, errors: { form: "validation.invalid" } }, { status: 400, headers });
}

function FieldError({ id, message }: { id: string; message?: MessageKey }) {
  const t = useT();
  if (!message) return null;
  return (
    <ul id={id} className="field-errors">
      <li>{t(message)}</li>
    </ul>
  );
}

export default function InstrumentHours() {
  const t = useT();
  const locale = useLocale();
  const { instrument, manager, periods, exceptions, preview, others } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors: FieldErrors = data?.errors ?? {};
  const saved = searchParams.get("saved");
  const success: MessageKey | null =
    data || !saved ? null : saved === "hours" ? "labHours.saved.hours" : saved === "exception" ? "labHours.saved.exception" : "labHours.saved.deleted";
  const hoursErrors = data?.intent === "hours" ? errors : {};
  const exceptionErrors = data?.intent === "exception" ? errors : {};
  const valueOf = (weekday: number, index: number, edge: "start" | "end") => {
    if (data && "echo" in data && data.intent === "hours") return data.echo.find(([n]) => n === periodField(weekday, index, edge))?.[1] ?? "";
    const day = periods.filter((p) => p.weekday === weekday)[index];
    return day ? day[edge] : "";
  };
  const kinds = manager ? EXCEPTION_KINDS : (["maintenance"] as const);

  return (
    <div>
      <p className="breadcrumb">
        <Link to="/lab/instruments">{t("labInstruments.title")}</Link> / <Link to={`/lab/instruments/${instrument.id}/edit`}>{localName(instrument, locale)}</Link>
      </p>
      <h1>{t("labHours.title", { name: localName(instrument, locale) })}</h1>
      <p className="muted">{t("labHours.intro")}</p>
      <FormAlert message={success} tone="success" />
      <FormAlert message={errors.form} />
      {data && "stranded" in data ? (
        <StrandedBookings
          bookings={data.stranded}
          hidden={data.echo}
          texts={{ title: "labHours.stranded.title", intro: "labHours.stranded.intro", reason: "labHours.stranded.reason", submit: "labHours.stranded.submit" }}
        />
      ) : null}

      <div className="hours-layout">
        <section className="panel" aria-labelledby="weekly-title">
          <h2 id="weekly-title">{t("labHours.weekly")}</h2>
          {manager ? null : <p className="alert alert--info">{t("labHours.managerOnlyNote")}</p>}
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="hours" />
            <fieldset disabled={!manager} className="fieldset fieldset--plain">
              <legend className="visually-hidden">{t("labHours.weekly")}</legend>
              <table className="table hours-table">
                <caption className="visually-hidden">{t("labHours.weekly")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("labHours.weekday")}</th>
                    {Array.from({ length: PERIODS_PER_DAY }, (_, i) => (
                      <th key={i} scope="col">
                        {t("labHours.period", { n: i + 1 })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {WEEKDAYS.map((weekday) => (
                    <tr key={weekday}>
                      <th scope="row">{t(`labHours.day.${weekday}` as MessageKey)}</th>
                      {Array.from({ length: PERIODS_PER_DAY }, (_, index) => {
                        const start = periodField(weekday, index, "start");
                        const end = periodField(weekday, index, "end");
                        const dayName = t(`labHours.day.${weekday}` as MessageKey);
                        return (
                          <td key={index}>
                            <span className="time-pair">
                              <input
                                type="text"
                                inputMode="numeric"
                                pattern="[0-2][0-9]:[0-5][0-9]"
                                placeholder="08:00"
                                size={5}
                                name={start}
                                defaultValue={valueOf(weekday, index, "start")}
                                aria-label={t("labHours.startOf", { day: dayName, n: index + 1 })}
                                aria-invalid={hoursErrors[start] ? true : undefined}
                                aria-describedby={hoursErrors[start] ? `${start}-error` : undefined}
                              />
                              –
                              <input
                                type="text"
                                inputMode="numeric"
                                pattern="[0-2][0-9]:[0-5][0-9]"
                                placeholder="17:00"
                                size={5}
                                name={end}
                                defaultValue={valueOf(weekday, index, "end")}
                                aria-label={t("labHours.endOf", { day: dayName, n: index + 1 })}
                                aria-invalid={hoursErrors[end] ? true : undefined}
                                aria-describedby={hoursErrors[end] ? `${end}-error` : undefined}
                              />
                            </span>
                            <FieldError id={`${start}-error`} message={hoursErrors[start]} />
                            <FieldError id={`${end}-error`} message={hoursErrors[end]} />
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="field-hint">{t("labHours.hint")}</p>
              {others.length > 0 ? (
                <fieldset className="fieldset">
                  <legend>{t("labHours.copyTo")}</legend>
                  <div className="choice-grid">
                    {others.map((other) => (
                      <label key={other.id} className="choice">
                        <input type="checkbox" name="copyTo" value={other.id} />
                        {localName(other, locale)}
                      </label>
                    ))}
                  </div>
                </fieldset>
              ) : null}
              <button type="submit" className="button button--primary" disabled={busy}>
                {t("labHours.saveWeekly")}
              </button>
            </fieldset>
          </Form>
        </section>

        <section className="panel" aria-labelledby="preview-title">
          <h2 id="preview-title">{t("labHours.preview")}</h2>
          <ul className="hours-preview">
            {preview.map((day) => (
              <li key={day.date} className={day.open.length ? "" : "hours-preview__closed"}>
                <span className="hours-preview__day">{formatDay(`${day.date}T04:00:00.000Z`, locale)}</span>{" "}
                <span>{day.open.length ? day.open.map((p) => `${p.start}–${p.end}`).join(", ") : t("labHours.closed")}</span>
                {day.exceptions.map((e) => (
                  <span key={e.id} className="tag tag--soft">
                    {t(`labHours.kind.${e.kind}`)}
                    {(locale === "en" ? e.noteEn || e.noteZh : e.noteZh || e.noteEn) ? `: ${locale === "en" ? e.noteEn || e.noteZh : e.noteZh || e.noteEn}` : ""}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section className="panel" aria-labelledby="exceptions-title">
        <h2 id="exceptions-title">{t("labHours.exceptions")}</h2>
        {exceptions.length === 0 ? (
          <p className="muted">{t("labHours.noExceptions")}</p>
        ) : (
          <ul className="exception-list">
            {exceptions.map((e) => (
              <li key={e.id}>
                <span className="tag">{t(`labHours.kind.${e.kind}`)}</span> {formatFullRange(e.startsAt, e.endsAt, locale)}
                {e.noteZh || e.noteEn ? <span className="muted"> — {locale === "en" ? e.noteEn || e.noteZh : e.noteZh || e.noteEn}</span> : null}
                {manager || e.kind === "maintenance" ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="delete-exception" />
                    <input type="hidden" name="exceptionId" value={e.id} />
                    <button type="submit" className="button button--secondary button--small" disabled={busy}>
                      {t("labHours.deleteException")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <h3>{t("labHours.addException")}</h3>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="exception" />
          <div className={exceptionErrors.kind ? "field field--invalid" : "field"}>
            <label htmlFor="kind">{t("labHours.kind")}</label>
            <select id="kind" name="kind" defaultValue={manager ? "closure" : "maintenance"}>
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`labHours.kind.${kind}`)}
                </option>
              ))}
            </select>
            <FieldError id="kind-error" message={exceptionErrors.kind} />
          </div>
          <div className="field-pair">
            {(["startsAt", "endsAt"] as const).map((name) => (
              <div key={name} className={exceptionErrors[name] ? "field field--invalid" : "field"}>
                <label htmlFor={name}>{t(`labHours.${name}`)}</label>
                <input
                  id={name}
                  name={name}
                  type="datetime-local"
                  required
                  defaultValue={name === "startsAt" ? toLocalMinute(`${preview[1].date}T00:00:00+08:00`) : toLocalMinute(`${preview[2].date}T00:00:00+08:00`)}
                  aria-invalid={exceptionErrors[name] ? true : undefined}
                  aria-describedby={exceptionErrors[name] ? `${name}-error` : undefined}
                />
                <FieldError id={`${name}-error`} message={exceptionErrors[name]} />
              </div>
            ))}
          </div>
          <div className="field-pair">
            {(["noteZh", "noteEn"] as const).map((name) => (
              <div key={name} className={exceptionErrors[name] ? "field field--invalid" : "field"}>
                <label htmlFor={name}>{t(`labHours.${name}`)}</label>
                <input
                  id={name}
                  name={name}
                  type="text"
                  lang={name === "noteZh" ? "zh-CN" : "en"}
                  aria-invalid={exceptionErrors[name] ? true : undefined}
                  aria-describedby={exceptionErrors[name] ? `${name}-error` : undefined}
                />
                <FieldError id={`${name}-error`} message={exceptionErrors[name]} />
              </div>
            ))}
          </div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("labHours.saveException")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
