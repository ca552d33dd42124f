// The live bookings a lab change would leave behind (new opening hours that strand them, an
// instrument being retired), as the database named them: listed with when, what and who, and a
// form that sends the same change again with exactly these bookings to cancel and a reason (each
// requester is e-mailed). `hidden` repeats the change's own fields.
import { Form, Link, useNavigation } from "@remix-run/react";
import { formatFullRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import type { StrandedBooking } from "~/lib/instruments/hours";

export interface StrandedTexts {
  /** Takes {n} and any `titleVars`. */
  title: MessageKey;
  intro: MessageKey;
  reason: MessageKey;
  /** Takes {n}. */
  submit: MessageKey;
}

export function StrandedBookings({
  bookings,
  hidden,
  texts,
  reasonError,
  titleVars,
}: {
  bookings: StrandedBooking[];
  hidden: [string, string][];
  texts: StrandedTexts;
  reasonError?: MessageKey;
  titleVars?: Record<string, string>;
}) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  return (
    <section className="panel panel--warning" aria-labelledby="stranded-title" role="alert">
      <h2 id="stranded-title">{t(texts.title, { ...titleVars, n: bookings.length })}</h2>
      <p>{t(texts.intro)}</p>
      <ul className="stranded-list">
        {bookings.map((b) => (
          <li key={b.id}>
            <Link to={`/bookings/${b.id}`}>{formatFullRange(b.startsAt, b.endsAt, locale)}</Link> · {localName(b.instrument, locale)} · {b.requester}
            {b.organisation ? ` (${localName({ name_zh: b.organisation.name_zh, name_en: b.organisation.name_en ?? "" }, locale)})` : ""} ·{" "}
            {t(`status.${b.status}`)}
          </li>
        ))}
      </ul>
      <Form method="post" className="form">
        {hidden.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        {bookings.map((b) => (
          <input key={b.id} type="hidden" name="cancel" value={b.id} />
        ))}
        <div className={reasonError ? "field field--invalid" : "field"}>
          <label htmlFor="cancel-reason">{t(texts.reason)}</label>
          <textarea
            id="cancel-reason"
            name="reason"
            required
            rows={3}
            maxLength={1000}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? "cancel-reason-error" : undefined}
          />
          {reasonError ? (
            <ul id="cancel-reason-error" className="field-errors">
              <li>{t(reasonError)}</li>
            </ul>
          ) : null}
        </div>
        <button type="submit" className="button button--danger" disabled={navigation.state === "submitting"}>
          {t(texts.submit, { n: bookings.length })}
        </button>
      </Form>
    </section>
  );
}
