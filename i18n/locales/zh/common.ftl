### Greeting, consent, menu, help, language, cancel, buttons and generic errors.

# between the items of a list in a sentence
list-sep = 、
consent-note =
    <b>使用前请阅读：</b>
    • 我们会记录：户主姓名、联系电话、家庭人口、困难情况和您发来的照片或语音。
    • 谁能看到：只有负责您所在村、镇的工作人员。
    • 用途：仅用于入户核实和落实帮扶，不作他用；电话号码加密保存。
    您同意吗？
consent-thanks = ✔ 谢谢，您已同意。
menu-title = 请选择您要办理的事项：
menu-report = 🏠 申报本户困难
menu-neighbour = 👥 反映邻居困难
menu-status = 📋 查看我的申报
menu-official = 🧑‍💼 我是工作人员
menu-coming_soon = 这项功能即将开通，敬请期待。
menu-official_help = 工作人员需使用区里发放的<b>邀请码</b>加入：发送 <code>/join 邀请码</code>，或直接打开邀请链接。
start-mid_flow = 您有一份还没填完的内容。要继续填写，还是重新开始？
start-continuing = 好的，继续填写。
start-restarted = 已清空，重新开始。
lang-choose = 请选择语言 / Choose a language：
lang-chosen = ✔ 已切换为中文。
help-text =
    <b>可以这样使用：</b>
    /report — 申报本户困难
    /neighbour — 反映邻居困难
    /status — 查看我的申报进度
    /confirm — 别人替您家申报了？分享手机号确认
    /mydata — 查看我们保存的关于您的资料，或请求删除
    /lang — 切换语言 中文 / English
    /cancel — 取消正在填写的内容
    /join 邀请码 — 工作人员加入
    /cases、/case 编号、/households、/stats — 工作人员使用
    大部分步骤点按钮即可，不用打字。
cancel-done = 已取消，刚才填写的内容已删除。
cancel-nothing = 当前没有正在填写的内容。
cancel-pressed = ✖ 已取消
btn-agree = ✅ 同意
btn-disagree = 不同意
btn-yes = 是
btn-no = 否
btn-cancel = 取消
btn-back = ◀ 返回
btn-prev_page = ◀ 上一页
btn-next_page = 下一页 ▶
btn-done = ✔ 完成
btn-skip = 跳过
btn-more = 更多（7人及以上）
btn-submit = ✅ 提交
btn-edit = ✏️ 修改
btn-continue = 继续填写
btn-restart = 重新开始
btn-share_phone = 📱 发送我的手机号
err-unknown_command = 没有这个命令。发送 /help 查看可用的命令。
err-button_invalid = 这个按钮无效，请使用最新消息里的按钮。
err-button_stale = 这个按钮已经过期了，请使用最新消息里的按钮。
err-use_buttons = 请点下面的按钮选择。
err-not_understood = 抱歉，没看懂您的意思。请点下面的按钮选择：
err-internal = 抱歉，系统出了点问题，您已填写的内容都还在。请稍后再试一次。
