// The rating form (issue 11, part 7). The database (rate_booking and the table's trigger) checks
// the same and the rules this form cannot know (once, requester, completed, window).
import { z } from "zod";
import { msg, text } from "~/lib/forms/fields";

export const RATING_COMMENT_MAX = 1000;
export const RATING_VALUES = [1, 2, 3, 4, 5] as const;

export const ratingSchema = z.object({
  rating: z.coerce
    .number({ required_error: "validation.rating", invalid_type_error: "validation.rating" })
    .int(msg("validation.rating"))
    .min(1, msg("validation.rating"))
    .max(5, msg("validation.rating")),
  comment: text()
    .max(RATING_COMMENT_MAX, msg("validation.tooLong"))
    .optional()
    .transform((value) => value || null),
});
export type RatingInput = z.output<typeof ratingSchema>;
