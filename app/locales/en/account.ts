// My account.
import type { account as zh } from "../zh-CN/account";

export const account = {
  "account.meta.title": "My account",
  "account.title": "My account",
  "account.intro": "Manage your profile and language.",
  "account.signedInAs": "Signed in as",
  "account.memberSince": "Member since",
  "account.profile": "Profile",
  "account.save": "Save",
  "account.saved": "Saved.",
  "account.passwordUpdated": "Your password has been updated.",
  "account.security": "Security",
  "account.changePassword": "Change password",
  "account.profileMissing": "Your profile could not be found. Please try again later or contact the administrator.",
  "account.organisationLink": "Your organisation, its members, invitations and SME status",
} satisfies Record<keyof typeof zh, string>;
