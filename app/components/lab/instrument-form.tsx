// The lab's instrument form (new and edit): every field of the model in both languages, grouped,
// with errors at each field. A technician sees the managers' fields (rates, booking policy) read
// only: the database would refuse a change to them anyway (ADR 017).
import { getCollectionProps, getFormProps, getInputProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorList, Field, FormErrors, SelectField, SubmitButton, TextArea, type FieldMeta } from "~/components/ui/forms";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { SLOT_MINUTES } from "~/lib/instruments/instrument-form";
import { SERVICE_MODES } from "~/lib/platform/enums";

interface Reference {
  categories: { id: string; name_zh: string; name_en: string; parent_id: string | null }[];
  chains: { id: string; name_zh: string; name_en: string }[];
}

function CheckboxGroup({ meta, legend, options }: { meta: FieldMeta; legend: MessageKey; options: { value: string; label: string }[] }) {
  const t = useT();
  const invalid = Boolean(meta.errors?.length);
  return (
    <fieldset className={invalid ? "field field--invalid fieldset" : "field fieldset"} aria-describedby={invalid ? meta.errorId : undefined}>
      <legend>{t(legend)}</legend>
      <div className="choice-grid">
        {getCollectionProps(meta, { type: "checkbox", options: options.map((o) => o.value), ariaAttributes: false }).map(
          ({ key, ...control }) => (
            <label key={key} className="choice">
              <input {...control} id={`${meta.id}-${control.value}`} />
              {options.find((o) => o.value === control.value)?.label}
            </label>
          ),
        )}
      </div>
      <ErrorList id={meta.errorId} issues={meta.errors} />
    </fieldset>
  );
}

function Checkbox({ meta, label }: { meta: FieldMeta; label: MessageKey }) {
  const t = useT();
  const { key, ...control } = getInputProps(meta, { type: "checkbox" });
  return (
    <div className="field field--checkbox">
      <label className="choice" htmlFor={meta.id}>
        <input key={key} {...control} />
        {t(label)}
      </label>
      <ErrorList id={meta.errorId} issues={meta.errors} />
    </div>
  );
}

function Section({ id, title, children, note }: { id: string; title: MessageKey; children: ReactNode; note?: ReactNode }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{t(title)}</h2>
      {note}
      {children}
    </section>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Conform's form and fields of either schema
type AnyForm = any;

export function InstrumentFormView({
  form,
  fields,
  reference,
  manager,
  submitLabel,
}: {
  form: AnyForm;
  fields: Record<string, FieldMeta>;
  reference: Reference;
  manager: boolean;
  submitLabel: MessageKey;
}) {
  const t = useT();
  const locale = useLocale();
  const parents = reference.categories.filter((c) => c.parent_id === null);
  const categoryOptions = parents.flatMap((parent) =>
    reference.categories
      .filter((c) => c.parent_id === parent.id)
      .map((c) => ({ value: c.id, label: localName(c, locale), group: localName(parent, locale) })),
  );
  return (
    <>
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form form--wide">
        <Section id="names-title" title="labInstruments.section.names">
          <div className="field-pair">
            <Field meta={fields.nameZh} label="labInstruments.field.nameZh" lang="zh-CN" />
            <Field meta={fields.nameEn} label="labInstruments.field.nameEn" lang="en" />
          </div>
          <SelectField meta={fields.categoryId} label="labInstruments.field.category" options={categoryOptions} />
          <CheckboxGroup
            meta={fields.chainIds}
            legend="labInstruments.field.chains"
            options={reference.chains.map((c) => ({ value: c.id, label: localName(c, locale) }))}
          />
          <div className="field-pair">
            <Field meta={fields.manufacturer} label="labInstruments.field.manufacturer" />
            <Field meta={fields.model} label="labInstruments.field.model" />
          </div>
        </Section>

        <Section id="text-title" title="labInstruments.section.text">
          <div className="field-pair">
            <TextArea meta={fields.specsZh} label="labInstruments.field.specsZh" />
            <TextArea meta={fields.specsEn} label="labInstruments.field.specsEn" />
          </div>
          <div className="field-pair">
            <TextArea meta={fields.servicesZh} label="labInstruments.field.servicesZh" />
            <TextArea meta={fields.servicesEn} label="labInstruments.field.servicesEn" />
          </div>
          <div className="field-pair">
            <TextArea meta={fields.sampleZh} label="labInstruments.field.sampleZh" />
            <TextArea meta={fields.sampleEn} label="labInstruments.field.sampleEn" />
          </div>
        </Section>

        {manager ? (
          <>
            <Section id="money-title" title="labInstruments.section.money">
              <div className="field-pair">
                <Field meta={fields.hourlyRate} label="labInstruments.field.hourlyRate" inputMode="decimal" hint={t("labInstruments.hint.rate")} />
                <Field meta={fields.smeRate} label="labInstruments.field.smeRate" inputMode="decimal" hint={t("labInstruments.hint.smeRate")} />
              </div>
              <Field meta={fields.originalValue} label="labInstruments.field.originalValue" inputMode="decimal" hint={t("labInstruments.hint.originalValue")} />
            </Section>
            <Section id="policy-title" title="labInstruments.section.policy">
              <CheckboxGroup
                meta={fields.serviceModes}
                legend="labInstruments.field.serviceModes"
                options={SERVICE_MODES.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))}
              />
              <Checkbox meta={fields.requiresAuthorisation} label="labInstruments.field.requiresAuthorisation" />
              <Checkbox meta={fields.requiresApproval} label="labInstruments.field.requiresApproval" />
              <SelectField
                meta={fields.slotMinutes}
                label="labInstruments.field.slotMinutes"
                options={SLOT_MINUTES.map((m) => ({ value: String(m), label: t("labInstruments.minutes", { n: m }) }))}
              />
              <div className="field-pair">
                <Field meta={fields.minMinutes} label="labInstruments.field.minMinutes" inputMode="numeric" />
                <Field meta={fields.maxMinutes} label="labInstruments.field.maxMinutes" inputMode="numeric" />
              </div>
              <div className="field-pair">
                <Field meta={fields.leadTimeHours} label="labInstruments.field.leadTimeHours" inputMode="numeric" />
                <Field meta={fields.cancellationHours} label="labInstruments.field.cancellationHours" inputMode="numeric" />
              </div>
              <Field meta={fields.horizonDays} label="labInstruments.field.horizonDays" inputMode="numeric" />
            </Section>
          </>
        ) : (
          <p className="alert alert--info">{t("labInstruments.technicianNote")}</p>
        )}
        <SubmitButton>{t(submitLabel)}</SubmitButton>
      </Form>
    </>
  );
}
