// Sign-up, sign-in, e-mail links and codes, password reset.
import type { auth as zh } from "../zh-CN/auth";

export const auth = {
  "signup.meta.title": "Sign up",
  "signup.title": "Create an account",
  "signup.intro": "With an account you can book instruments and follow your bookings.",
  "signup.submit": "Sign up",
  "signup.haveAccount": "Already have an account?",
  "signup.signInLink": "Sign in",

  "login.meta.title": "Sign in",
  "login.intent": "Sign in to book “{name}”; you will come back to the booking form.",
  "login.intent.slot": "Sign in to book “{name}” ({time}); you will come back to the booking form with that time kept.",
  "login.title": "Sign in",
  "login.methods": "Ways to sign in",
  "login.tab.password": "Password",
  "login.tab.magicLink": "E-mail link",
  "login.submit": "Sign in",
  "login.forgotPassword": "Forgot your password?",
  "login.noAccount": "No account yet?",
  "login.signUpLink": "Sign up free",

  "magicLink.meta.title": "Sign in with an e-mail link",
  "magicLink.intro": "Enter the e-mail you registered with and we will send you a one-time sign-in link. No password needed.",
  "magicLink.submit": "Send sign-in link",

  "verifyCode.meta.title": "Enter your code",
  "verifyCode.title": "Enter your code",
  "verifyCode.intro": "Enter the 6-digit code we sent to your e-mail.",
  "verifyCode.submit": "Verify",

  "checkEmail.meta.title": "Check your e-mail",
  "checkEmail.title": "Check your e-mail",
  "checkEmail.signup":
    "We have sent a confirmation e-mail to {email}. Click the button in it to finish signing up; the link is valid for one hour.",
  "checkEmail.magicLink":
    "If {email} is registered, we have sent it a sign-in link. The link is valid for one hour and works once.",
  "checkEmail.recovery":
    "If {email} is registered, we have sent it a link to reset the password. The link is valid for one hour.",
  "checkEmail.spam": "Nothing arrived? Check your spam folder, or send it again in a minute.",
  "checkEmail.back": "Back to sign in",
  "checkEmail.enterCode": "Or enter the 6-digit code from the e-mail:",

  "confirm.meta.title": "Confirm link",
  "confirm.errorTitle": "This link could not be verified",
  "confirm.invalidLink": "The link is incomplete or malformed. Click the button in the e-mail, or copy the whole link.",
  "confirm.requestNew": "You can request a new one:",
  "confirm.newMagicLink": "Send a new sign-in link",
  "confirm.newRecovery": "Reset the password again",
  "confirm.signUpAgain": "Sign up again",

  "forgot.meta.title": "Forgot password",
  "forgot.title": "Forgot your password?",
  "forgot.intro": "Enter the e-mail you registered with and we will send you a link to set a new password.",
  "forgot.submit": "Send reset link",
  "forgot.backToLogin": "Remembered it? Back to sign in",

  "reset.meta.title": "Set a new password",
  "reset.title": "Set a new password",
  "reset.intro": "Choose a new password for {email}.",
  "reset.submit": "Save new password",

  "authError.invalidCredentials": "The e-mail or password is incorrect.",
  "authError.emailNotConfirmed": "Your e-mail address is not confirmed yet. Please click the link in the confirmation e-mail first.",
  "authError.userAlreadyExists": "This e-mail is already registered. Sign in or reset your password instead.",
  "authError.weakPassword": "This password is too weak. Choose a longer one that is harder to guess.",
  "authError.rateLimited": "Too many attempts. Please try again later.",
  "authError.emailRateLimited": "Too many e-mails sent. Please wait a minute and try again.",
  "authError.otpExpired": "This link has expired or has already been used. Please request a new one.",
  "authError.codeInvalid": "The code is wrong or has expired.",
  "authError.samePassword": "The new password must be different from the current one.",
  "authError.validationFailed": "Some of the information is not in the right format. Please check and try again.",
  "authError.signupDisabled": "Sign-ups are currently closed.",
  "authError.emailInvalid": "This e-mail address cannot be used. Please try another.",
  "authError.sessionMissing": "Your session has expired. Please sign in again.",
  "authError.reauthenticationNeeded": "For your security, please sign in again before changing your password.",
  "authError.unavailable": "The sign-in service is temporarily unavailable. Please try again later.",
  "authError.unknown": "Something unexpected went wrong. Please try again later.",
} satisfies Record<keyof typeof zh, string>;
