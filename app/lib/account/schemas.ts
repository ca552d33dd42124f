// The account page's profile form and the language switch.
import { z } from "zod";
import { displayNameSchema, localeSchema, phoneSchema, redirectToSchema } from "~/lib/forms/fields";

export const profileSchema = z.object({
  displayName: displayNameSchema,
  phone: phoneSchema,
  locale: localeSchema,
});

export const langSchema = z.object({
  lang: localeSchema,
  redirectTo: redirectToSchema,
});
