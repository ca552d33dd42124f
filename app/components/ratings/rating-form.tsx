// The rating section of a booking's page: the form while the requester may rate, their rating once
// given, or why not. Anchored at #rate, where the invitation e-mail links.
import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, RadioGroup, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import type { FormResult } from "~/lib/forms/submission";
import { formatDateTime } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { RATING_COMMENT_MAX, RATING_VALUES, ratingSchema } from "~/lib/ratings/schemas";

export interface RatingSectionProps {
  rating: { rating: number; comment: string | null } | null;
  canRate: boolean;
  refusal: string | null;
  rateUntil: string | null;
  lastResult?: FormResult | null;
}

export function RatingSection({ rating, canRate, refusal, rateUntil, lastResult }: RatingSectionProps) {
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useConformForm(ratingSchema, lastResult);
  if (!rating && !canRate && refusal !== "RATING_WINDOW_CLOSED") return null;
  return (
    <section className="panel" id="rate" aria-labelledby="rate-title">
      <h2 id="rate-title">{t("rating.title")}</h2>
      {rating ? (
        <>
          <p>
            {refusal === "RATING_FORBIDDEN"
              ? `${t("labRatings.col.rating")}: ${t("rating.stars", { rating: rating.rating })}`
              : t("rating.yours", { rating: rating.rating })}
          </p>
          {rating.comment ? <blockquote className="rating-comment">{rating.comment}</blockquote> : null}
        </>
      ) : canRate ? (
        <>
          <p className="muted">{t("rating.intro")}</p>
          {rateUntil ? <p className="muted small">{t("rating.until", { until: formatDateTime(rateUntil, locale) })}</p> : null}
          <FormErrors form={form} />
          <Form method="post" {...getFormProps(form)} className="form">
            <input type="hidden" name="intent" value="rate" />
            <RadioGroup
              meta={fields.rating}
              legend="rating.legend"
              options={RATING_VALUES.map((value) => ({ value: String(value), label: t(`rating.value.${value}` as MessageKey) }))}
            />
            <TextArea meta={fields.comment} label="rating.comment" hint={t("rating.comment.hint", { max: RATING_COMMENT_MAX })} />
            <SubmitButton>{t("rating.submit")}</SubmitButton>
          </Form>
        </>
      ) : (
        <p className="muted">{t("rating.closed")}</p>
      )}
    </section>
  );
}
