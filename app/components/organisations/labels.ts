// Message keys for the organisation enums, in one place for every page that shows them.
import type { MessageKey } from "~/lib/i18n/translate";
import type { OrganisationKind, OrganisationRole, SmeStatus } from "~/lib/platform/enums";

export const KIND_LABEL: Record<OrganisationKind, MessageKey> = {
  sme: "org.kind.sme",
  enterprise: "org.kind.enterprise",
  university: "org.kind.university",
  institute: "org.kind.institute",
  testing_centre: "org.kind.testing_centre",
  other: "org.kind.other",
  government: "org.kind.government",
};

export const ROLE_LABEL: Record<OrganisationRole, MessageKey> = {
  owner: "org.role.owner",
  member: "org.role.member",
};

export const SME_STATUS_LABEL: Record<SmeStatus, MessageKey> = {
  sme_pending: "org.sme.sme_pending",
  sme_verified: "org.sme.sme_verified",
  sme_rejected: "org.sme.sme_rejected",
};
