// My account.
export const account = {
  "account.meta.title": "我的账户",
  "account.title": "我的账户",
  "account.intro": "管理您的个人资料和界面语言。",
  "account.signedInAs": "登录邮箱",
  "account.memberSince": "注册时间",
  "account.profile": "个人资料",
  "account.save": "保存",
  "account.saved": "已保存。",
  "account.passwordUpdated": "密码已更新。",
  "account.security": "账户安全",
  "account.changePassword": "修改密码",
  "account.profileMissing": "未找到您的个人资料，请稍后再试或联系平台管理员。",
  "account.organisationLink": "查看机构、成员、邀请和中小企业认定状态",
} as const;
