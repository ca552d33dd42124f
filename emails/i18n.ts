// The e-mails' own small dictionary (kept apart from the app's so templates stay previewable
// on their own). Both languages must have the same keys: the `en` type enforces it.
export const EMAIL_LOCALES = ["zh-CN", "en"] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

const zhCN = {
  "app.name": "常州科研仪器开放共享网",
  "greeting": "{name}，您好：",
  "greetingAnonymous": "您好：",
  "code.label": "验证码",
  "code.hint": "也可以在页面上输入此验证码。",
  "link.fallback": "如果按钮无法点击，请将以下链接复制到浏览器地址栏：",
  "link.expiry": "链接和验证码 1 小时内有效，只能使用一次。",
  "footer.ignore": "如果这不是您本人的操作，请忽略此邮件，您的账户不会有任何变化。",
  "footer.sentBy": "此邮件由常州科研仪器开放共享网自动发送，请勿直接回复。",

  "signup.subject": "请验证您的邮箱，完成注册",
  "signup.preview": "点击按钮验证邮箱，即可开始预约仪器。",
  "signup.heading": "欢迎加入常州科研仪器开放共享网",
  "signup.body": "感谢注册！请点击下面的按钮验证您的邮箱地址，完成账户创建。",
  "signup.button": "验证邮箱",

  "magicLink.subject": "您的登录链接",
  "magicLink.preview": "点击按钮即可登录，无需密码。",
  "magicLink.heading": "登录常州科研仪器开放共享网",
  "magicLink.body": "我们收到了您的登录请求。点击下面的按钮即可登录，无需输入密码。",
  "magicLink.button": "登录",

  "recovery.subject": "重设您的密码",
  "recovery.preview": "点击按钮设置新密码。",
  "recovery.heading": "重设密码",
  "recovery.body": "我们收到了重设您账户密码的请求。点击下面的按钮设置新密码。",
  "recovery.button": "设置新密码",

  "emailChange.subject": "请确认您的新邮箱地址",
  "emailChange.preview": "点击按钮确认将账户邮箱更改为 {newEmail}。",
  "emailChange.heading": "确认新的邮箱地址",
  "emailChange.body": "您申请将账户邮箱更改为 {newEmail}。请点击下面的按钮确认此更改。",
  "emailChange.button": "确认新邮箱",
} as const;

export type EmailMessageKey = keyof typeof zhCN;

const en: Record<EmailMessageKey, string> = {
  "app.name": "Changzhou Research Instrument Sharing Network",
  "greeting": "Hello {name},",
  "greetingAnonymous": "Hello,",
  "code.label": "Verification code",
  "code.hint": "You can also enter this code on the page.",
  "link.fallback": "If the button does not work, copy this link into your browser's address bar:",
  "link.expiry": "The link and the code are valid for one hour and work once.",
  "footer.ignore": "If you did not ask for this, ignore this e-mail; nothing will change on your account.",
  "footer.sentBy": "Sent automatically by the Changzhou Research Instrument Sharing Network. Please do not reply.",

  "signup.subject": "Confirm your e-mail to finish signing up",
  "signup.preview": "Confirm your e-mail and start booking instruments.",
  "signup.heading": "Welcome to the Changzhou Research Instrument Sharing Network",
  "signup.body": "Thank you for signing up! Click the button below to confirm your e-mail address and create your account.",
  "signup.button": "Confirm e-mail",

  "magicLink.subject": "Your sign-in link",
  "magicLink.preview": "Click the button to sign in, no password needed.",
  "magicLink.heading": "Sign in to the Changzhou Research Instrument Sharing Network",
  "magicLink.body": "We received a request to sign in. Click the button below to sign in without a password.",
  "magicLink.button": "Sign in",

  "recovery.subject": "Reset your password",
  "recovery.preview": "Click the button to choose a new password.",
  "recovery.heading": "Reset your password",
  "recovery.body": "We received a request to reset the password of your account. Click the button below to choose a new one.",
  "recovery.button": "Choose a new password",

  "emailChange.subject": "Confirm your new e-mail address",
  "emailChange.preview": "Click the button to change your account's e-mail to {newEmail}.",
  "emailChange.heading": "Confirm your new e-mail address",
  "emailChange.body": "You asked to change your account's e-mail address to {newEmail}. Click the button below to confirm.",
  "emailChange.button": "Confirm new e-mail",
};

export const emailDictionaries: Record<EmailLocale, Record<EmailMessageKey, string>> = { "zh-CN": zhCN, en };

export function isEmailLocale(value: unknown): value is EmailLocale {
  return typeof value === "string" && (EMAIL_LOCALES as readonly string[]).includes(value);
}

export type EmailT = (key: EmailMessageKey, vars?: Record<string, string>) => string;

export function emailT(locale: EmailLocale): EmailT {
  return (key, vars) =>
    emailDictionaries[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => vars?.[name] ?? match);
}
