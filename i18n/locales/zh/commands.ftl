### Descriptions of the commands in Telegram's command menu (setMyCommands).

cmd-start = 开始 / 主菜单
cmd-report = 申报本户困难
cmd-neighbour = 反映邻居困难
cmd-status = 查看我的申报进度
cmd-cases = 工作人员：我的待办案件
cmd-case = 工作人员：查看案件 编号
cmd-join = 工作人员：用邀请码加入
cmd-invite = 负责人：生成邀请码
cmd-stats = 负责人：统计数据
cmd-lang = 切换语言 中文/English
cmd-help = 使用帮助
cmd-cancel = 取消正在填写的内容
