-- Organisations that are none of the listed kinds (issue 9: "other" when registering). Its own
-- migration because a new enum value cannot be used in the transaction that adds it.
alter type public.organisation_kind add value if not exists 'other';
