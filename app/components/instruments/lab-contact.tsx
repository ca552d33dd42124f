// The owning lab: name (linking to its instruments), address, district, contact and accreditations.
import { Link } from "@remix-run/react";
import { Facts } from "~/components/ui/facts";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";

interface Named {
  code: string;
  name_zh: string;
  name_en: string;
}

export interface LabContactProps {
  id: string;
  name_zh: string;
  name_en: string;
  address_zh: string;
  address_en: string;
  contact_name: string;
  contact_phone: string | null;
  contact_email: string | null;
  accreditations: string[];
  district: Named | null;
}

export function LabContact({ lab }: { lab: LabContactProps }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="panel" aria-labelledby="lab">
      <h2 id="lab">{t("instrument.lab")}</h2>
      <p>
        <Link to={`/instruments?lab=${lab.id}`}>
          <strong>{localName(lab, locale)}</strong>
        </Link>
      </p>
      <Facts
        facts={[
          { label: t("instrument.address"), value: (locale === "en" && lab.address_en) || lab.address_zh },
          lab.district && { label: t("instrument.district"), value: localName(lab.district, locale) },
          lab.contact_name && { label: t("instrument.contact"), value: lab.contact_name },
          lab.contact_phone && {
            label: t("instrument.phone"),
            value: <a href={`tel:${lab.contact_phone.replace(/[\s-]/g, "")}`}>{lab.contact_phone}</a>,
          },
          lab.contact_email && {
            label: t("instrument.email"),
            value: <a href={`mailto:${lab.contact_email}`}>{lab.contact_email}</a>,
          },
          lab.accreditations.length > 0 && { label: t("instrument.accreditations"), value: lab.accreditations.join(" · ") },
        ]}
      />
    </section>
  );
}
