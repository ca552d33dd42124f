// The e-mails' own small dictionary (kept apart from the app's so templates stay previewable
// on their own). Both languages must have the same keys: the `en` type enforces it.
export const EMAIL_LOCALES = ["zh-CN", "en"] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

const zhCN = {
  "app.name": "常州科研仪器开放共享网",
  "sender.name": "常州仪器共享",
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
  "emailChange.preview": "点击按钮确认将账户邮箱更改为{newEmail}。",
  "emailChange.heading": "确认新的邮箱地址",
  "emailChange.body": "您申请将账户邮箱更改为{newEmail}。请点击下面的按钮确认此更改。",
  "emailChange.button": "确认新邮箱",

  "booking.footer": "您收到此邮件，是因为您在常州科研仪器开放共享网上有一项预约或需要处理的申请。",
  "booking.timeZone": "北京时间",
  "booking.button.view": "查看预约",
  "booking.button.review": "审核申请",
  "booking.calendar.tentative":
    "附件中的 .ics 文件是一个暂定的日历占位（标为“待审批”），并不代表预约已确认；实验室作出决定后，您日历中的这一条目会随之更新为已确认或被移除。",
  "booking.calendar.tentativeLab": "附件中的 .ics 文件会把申请的时段作为暂定日程加入您的日历；该申请尚未确认。",
  "booking.calendar.confirmed": "附件中的 .ics 文件可以添加到您的日历；如果您之前添加过暂定的占位，它会更新为已确认。",
  "booking.calendar.add": "附件中的 .ics 文件可以添加到您的日历。",
  "booking.calendar.removeRequest": "如果您已把暂定的占位加入日历，打开附件中的 .ics 文件即可将其移除。",
  "booking.calendar.remove": "打开附件中的 .ics 文件，即可从您的日历中移除这项预约。",
  "booking.ics.tentativeTitle": "【待审批】{title}",
  "booking.ics.cancelledTitle": "【已取消】{title}",
  "booking.ics.tentativeNote": "预约申请正在等待实验室审批。这是一个暂定的占位，实验室作出决定后会更新。",
  "booking.detail.instrument": "仪器",
  "booking.detail.lab": "实验室",
  "booking.detail.time": "时间",
  "booking.detail.location": "地点",
  "booking.detail.serviceMode": "服务方式",
  "booking.detail.requester": "申请人",
  "booking.detail.purpose": "用途",
  "booking.detail.cost": "预计费用",
  "booking.detail.costValue": "{amount}（{rate}/小时，以实验室结算为准）",
  "booking.detail.contact": "实验室联系方式",
  "booking.detail.reference": "预约编号",
  "booking.detail.reason": "原因",
  "booking.serviceMode.self_operation": "自主操作",
  "booking.serviceMode.sample_submission": "送样检测",

  "bookingRequested.subject": "预约申请已提交：{instrument}",
  "bookingRequested.preview": "{lab}审核后会通知您结果。",
  "bookingRequested.heading": "您的预约申请已提交",
  "bookingRequested.body": "我们已将您对{instrument}的预约申请发送给{lab}。实验室审核后，您会收到确认或未获批准的邮件。",

  "bookingRequestedLab.subject": "新的预约申请：{instrument}，{when}",
  "bookingRequestedLab.preview": "{requester}（{organisation}）申请预约{instrument}，请审核。",
  "bookingRequestedLab.heading": "有新的预约申请待审核",
  "bookingRequestedLab.body": "{requester}（{organisation}）申请预约{instrument}。申请人正在等待答复，请尽快审核。",
  "bookingRequestedLab.subjectAutoConfirmed": "新的预约（已自动确认）：{instrument}，{when}",
  "bookingRequestedLab.headingAutoConfirmed": "有一项新的预约",
  "bookingRequestedLab.bodyAutoConfirmed": "{requester}（{organisation}）预约了{instrument}。该仪器无需审批，预约已自动确认，请做好接待准备。",

  "bookingConfirmed.subject": "预约已确认：{instrument}，{when}",
  "bookingConfirmed.preview": "{lab}已确认您的预约，请按时到场。",
  "bookingConfirmed.heading": "您的预约已确认",
  "bookingConfirmed.body": "{lab}已确认您对{instrument}的预约。请按时到场；如需取消，请在取消截止时间前在网站上操作。",
  "bookingConfirmed.bodyAutoConfirmed": "您对{instrument}的预约已确认（此仪器无需实验室审批）。请按时到场；如需取消，请在取消截止时间前在网站上操作。",

  "bookingRejected.subject": "预约未获批准：{instrument}",
  "bookingRejected.preview": "{lab}未批准您的预约申请。",
  "bookingRejected.heading": "您的预约申请未获批准",
  "bookingRejected.body": "很抱歉，{lab}未批准您对{instrument}的预约申请。您可以选择其他时段重新申请，或联系实验室了解详情。",

  "bookingCancelled.subject": "预约已取消：{instrument}，{when}",
  "bookingCancelled.preview": "您对{instrument}的预约已取消。",
  "bookingCancelled.heading": "预约已取消",
  "bookingCancelled.bodyByRequester": "您已取消对{instrument}的预约，该时段已释放。",
  "bookingCancelled.bodyByLab": "{lab}取消了您对{instrument}的预约。如有疑问，请联系实验室。",

  "bookingCancelledLab.subject": "预约已取消：{instrument}，{when}",
  "bookingCancelledLab.preview": "{instrument}的一项预约已取消，该时段已释放。",
  "bookingCancelledLab.heading": "一项预约已取消",
  "bookingCancelledLab.bodyByRequester": "{requester}（{organisation}）取消了对{instrument}的预约，该时段已释放。",
  "bookingCancelledLab.bodyByLab": "实验室取消了{requester}（{organisation}）对{instrument}的预约，该时段已释放。",

  "bookingReminder.subject": "预约提醒：{instrument}，{when}",
  "bookingReminder.preview": "您在{lab}的预约将于{when}开始。",
  "bookingReminder.heading": "您的预约即将开始",
  "bookingReminder.body": "提醒您：您对{instrument}的预约将于{when}在{lab}开始。请按时到场，并按要求准备好样品。",
} as const;

export type EmailMessageKey = keyof typeof zhCN;

const en: Record<EmailMessageKey, string> = {
  "app.name": "Changzhou Research Instrument Sharing Network",
  "sender.name": "Changzhou Instrument Sharing",
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

  "booking.footer": "You receive this e-mail because of a booking, or a request to handle, on the Changzhou Research Instrument Sharing Network.",
  "booking.timeZone": "China Standard Time",
  "booking.button.view": "View booking",
  "booking.button.review": "Review request",
  "booking.calendar.tentative":
    "The attached .ics file is a provisional hold for your calendar, marked tentative: the booking is not confirmed yet, and the calendar entry will be updated (confirmed or removed) when the lab decides.",
  "booking.calendar.tentativeLab": "The attached .ics file puts the requested time in your calendar as tentative; the request is not confirmed yet.",
  "booking.calendar.confirmed": "Add the attached .ics file to your calendar; if you added the provisional hold earlier, it updates that entry to confirmed.",
  "booking.calendar.add": "Add the attached .ics file to your calendar.",
  "booking.calendar.removeRequest": "If you added the provisional hold to your calendar, open the attached .ics file to remove it.",
  "booking.calendar.remove": "Open the attached .ics file to remove this booking from your calendar.",
  "booking.ics.tentativeTitle": "[Awaiting approval] {title}",
  "booking.ics.cancelledTitle": "[Cancelled] {title}",
  "booking.ics.tentativeNote": "This booking request is awaiting the lab's approval. It is a provisional hold and will be updated when the lab decides.",
  "booking.detail.instrument": "Instrument",
  "booking.detail.lab": "Lab",
  "booking.detail.time": "Time",
  "booking.detail.location": "Location",
  "booking.detail.serviceMode": "Service",
  "booking.detail.requester": "Requested by",
  "booking.detail.purpose": "Purpose",
  "booking.detail.cost": "Estimated cost",
  "booking.detail.costValue": "{amount} ({rate} per hour; the lab's invoice is final)",
  "booking.detail.contact": "Lab contact",
  "booking.detail.reference": "Booking reference",
  "booking.detail.reason": "Reason",
  "booking.serviceMode.self_operation": "Self-operation",
  "booking.serviceMode.sample_submission": "Sample submission",

  "bookingRequested.subject": "Booking request sent: {instrument}",
  "bookingRequested.preview": "{lab} will review it and let you know.",
  "bookingRequested.heading": "Your booking request has been sent",
  "bookingRequested.body": "We have sent your request to book {instrument} to {lab}. You will get an e-mail when the lab confirms or declines it.",

  "bookingRequestedLab.subject": "New booking request: {instrument}, {when}",
  "bookingRequestedLab.preview": "{requester} ({organisation}) asks to book {instrument}. Please review.",
  "bookingRequestedLab.heading": "A booking request is waiting for you",
  "bookingRequestedLab.body": "{requester} ({organisation}) asks to book {instrument}. They are waiting for an answer; please review the request soon.",
  "bookingRequestedLab.subjectAutoConfirmed": "New booking (confirmed automatically): {instrument}, {when}",
  "bookingRequestedLab.headingAutoConfirmed": "A new booking",
  "bookingRequestedLab.bodyAutoConfirmed": "{requester} ({organisation}) has booked {instrument}. The instrument needs no approval, so the booking is confirmed; please be ready for them.",

  "bookingConfirmed.subject": "Booking confirmed: {instrument}, {when}",
  "bookingConfirmed.preview": "{lab} has confirmed your booking.",
  "bookingConfirmed.heading": "Your booking is confirmed",
  "bookingConfirmed.body": "{lab} has confirmed your booking of {instrument}. Please be on time; to cancel, use the website before the cancellation deadline.",
  "bookingConfirmed.bodyAutoConfirmed": "Your booking of {instrument} is confirmed (this instrument needs no approval by the lab). Please be on time; to cancel, use the website before the cancellation deadline.",

  "bookingRejected.subject": "Booking request declined: {instrument}",
  "bookingRejected.preview": "{lab} has declined your booking request.",
  "bookingRejected.heading": "Your booking request was declined",
  "bookingRejected.body": "We are sorry: {lab} has declined your request to book {instrument}. You can request another time, or contact the lab for details.",

  "bookingCancelled.subject": "Booking cancelled: {instrument}, {when}",
  "bookingCancelled.preview": "Your booking of {instrument} has been cancelled.",
  "bookingCancelled.heading": "Booking cancelled",
  "bookingCancelled.bodyByRequester": "You have cancelled your booking of {instrument}; the time is free again.",
  "bookingCancelled.bodyByLab": "{lab} has cancelled your booking of {instrument}. If you have questions, please contact the lab.",

  "bookingCancelledLab.subject": "Booking cancelled: {instrument}, {when}",
  "bookingCancelledLab.preview": "A booking of {instrument} was cancelled; the time is free again.",
  "bookingCancelledLab.heading": "A booking was cancelled",
  "bookingCancelledLab.bodyByRequester": "{requester} ({organisation}) has cancelled their booking of {instrument}; the time is free again.",
  "bookingCancelledLab.bodyByLab": "The lab has cancelled the booking of {instrument} by {requester} ({organisation}); the time is free again.",

  "bookingReminder.subject": "Reminder: {instrument}, {when}",
  "bookingReminder.preview": "Your booking at {lab} starts {when}.",
  "bookingReminder.heading": "Your booking starts soon",
  "bookingReminder.body": "A reminder: your booking of {instrument} at {lab} starts {when}. Please be on time and bring your samples prepared as required.",
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
