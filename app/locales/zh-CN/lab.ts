// Lab workspace.
export const lab = {
  "lab.meta.title": "实验室工作台",
  "lab.title": "实验室工作台",
  "lab.intro": "您所在实验室待处理的事项。",
  "lab.role.manager": "实验室负责人",
  "lab.role.technician": "技术员",
  "lab.status.pending": "待主管部门审核",
  "lab.status.approved": "已开放",
  "lab.status.suspended": "已暂停",
  "lab.pending": "待审批的预约",
  "lab.toRecord": "待登记使用情况",
  "lab.inMaintenance": "维护中的仪器",
  "lab.instruments": "查看本实验室的仪器",
} as const;
