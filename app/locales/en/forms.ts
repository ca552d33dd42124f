// Forms: shared labels, hints and validation messages.
import type { forms as zh } from "../zh-CN/forms";

export const forms = {
  "form.submitting": "Submitting…",
  "form.required": "required",
  "form.count": "{n} / {max} characters",
  "form.optional": "optional",
  "form.errorSummary": "Please correct the problems marked below and submit again.",

  "field.email": "E-mail",
  "field.password": "Password",
  "field.newPassword": "New password",
  "field.confirmPassword": "New password again",
  "field.displayName": "Name",
  "field.phone": "Phone",
  "field.locale": "Language",
  "field.code": "Code",
  "field.password.hint": "At least {min} characters.",
  "field.phone.hint": "For example +86 138 0000 0000. May be left empty.",
  "field.displayName.hint": "Shown on your bookings and messages; at most {max} characters.",

  "validation.required": "This field is required.",
  "validation.email": "Enter a valid e-mail address.",
  "validation.tooLong": "At most {max} characters.",
  "validation.passwordTooShort": "The password needs at least {min} characters.",
  "validation.passwordTooLong": "The password may have at most {max} characters.",
  "validation.passwordMismatch": "The two passwords do not match.",
  "validation.phone": "Enter a valid phone number (digits, spaces or hyphens, optionally starting with +).",
  "validation.locale": "Choose a language.",
  "validation.code": "The code has 6 digits.",
  "validation.invalid": "This value is not valid.",
  "validation.dateTime": "Enter a valid date and time.",
  "validation.slot": "That time slot is not valid; choose one from the list.",
  "validation.slotRequired": "Choose a time slot.",
  "validation.duration": "Choose a valid length.",
  "validation.durationRequired": "Choose a length.",
  "validation.serviceMode": "Choose a service mode.",
} satisfies Record<keyof typeof zh, string>;
