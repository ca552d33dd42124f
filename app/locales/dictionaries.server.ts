// Both dictionaries, for the server (pages, e-mails, workers, tests). Browsers never receive this
// module (`.server`): they load only the reader's dictionary, on demand (translate.ts).
export { en } from "./en";
export { zhCN } from "./zh-CN";
