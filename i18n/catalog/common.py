"""Greeting, consent, menu, help, language, cancel, buttons and generic errors."""

ZH = {
    "list.sep": "、",  # between the items of a list in a sentence
    "start.greeting": (
        "您好，{name}！这里是<b>防返贫监测帮扶</b>服务（平安网）。\n"
        "家里遇到困难，可以在这里<b>申报</b>；发现邻居有困难，也可以<b>反映</b>。"
        "村里的工作人员会按时上门核实、帮扶。\n\n"
        "Choose a language / 请选择语言："
    ),
    "consent.note": (
        "<b>使用前请阅读：</b>\n"
        "• 我们会记录：户主姓名、联系电话、家庭人口、困难情况和您发来的照片或语音。\n"
        "• 谁能看到：只有负责您所在村、镇的工作人员。\n"
        "• 用途：仅用于入户核实和落实帮扶，不作他用；电话号码加密保存。\n"
        "您同意吗？"
    ),
    "consent.thanks": "✔ 谢谢，您已同意。",
    "consent.declined": (
        "好的，我们没有保存任何信息。没有您的同意，我们无法登记申报。\n"
        "如有困难，也可以直接联系村委会。改变主意时，发送 /start 即可。"
    ),
    "consent.required": "办理之前，需要先征得您的同意。",
    "menu.title": "请选择您要办理的事项：",
    "menu.report": "🏠 申报本户困难",
    "menu.neighbour": "👥 反映邻居困难",
    "menu.status": "📋 查看我的申报",
    "menu.official": "🧑‍💼 我是工作人员",
    "menu.coming_soon": "这项功能即将开通，敬请期待。",
    "menu.official_help": (
        "工作人员需使用区里发放的<b>邀请码</b>加入：发送 <code>/join 邀请码</code>，"
        "或直接打开邀请链接。"
    ),
    "start.mid_flow": "您有一份还没填完的内容。要继续填写，还是重新开始？",
    "start.continuing": "好的，继续填写。",
    "start.restarted": "已清空，重新开始。",
    "lang.choose": "请选择语言 / Choose a language：",
    "lang.chosen": "✔ 已切换为中文。",
    "help.text": (
        "<b>可以这样使用：</b>\n"
        "/report — 申报本户困难\n"
        "/neighbour — 反映邻居困难\n"
        "/status — 查看我的申报进度\n"
        "/lang — 切换语言 中文 / English\n"
        "/cancel — 取消正在填写的内容\n"
        "/join 邀请码 — 工作人员加入\n"
        "/cases、/case 编号、/stats — 工作人员使用\n"
        "大部分步骤点按钮即可，不用打字。"
    ),
    "cancel.done": "已取消，刚才填写的内容已删除。",
    "cancel.nothing": "当前没有正在填写的内容。",
    "cancel.pressed": "✖ 已取消",
    "btn.agree": "✅ 同意",
    "btn.disagree": "不同意",
    "btn.yes": "是",
    "btn.no": "否",
    "btn.cancel": "取消",
    "btn.back": "◀ 返回",
    "btn.prev_page": "◀ 上一页",
    "btn.next_page": "下一页 ▶",
    "btn.done": "✔ 完成",
    "btn.skip": "跳过",
    "btn.more": "更多（7人及以上）",
    "btn.submit": "✅ 提交",
    "btn.edit": "✏️ 修改",
    "btn.continue": "继续填写",
    "btn.restart": "重新开始",
    "btn.share_phone": "📱 发送我的手机号",
    "err.unknown_command": "没有这个命令。发送 /help 查看可用的命令。",
    "err.button_invalid": "这个按钮无效，请使用最新消息里的按钮。",
    "err.button_stale": "这个按钮已经过期了，请使用最新消息里的按钮。",
    "err.use_buttons": "请点下面的按钮选择。",
    "err.not_understood": "抱歉，没看懂您的意思。请点下面的按钮选择：",
    "err.internal": "抱歉，系统出了点问题，您已填写的内容都还在。请稍后再试一次。",
}

EN = {
    "list.sep": ", ",
    "start.greeting": (
        "Hello {name}! This is <b>Safety Net</b>, the service that helps households "
        "that risk falling back into poverty.\n"
        "If your household is in difficulty you can <b>declare</b> it here; if a neighbour "
        "is, you can <b>report a concern</b>. Your village official will visit and help, "
        "within set deadlines.\n\n"
        "Choose a language / 请选择语言:"
    ),
    "consent.note": (
        "<b>Before we start:</b>\n"
        "• We record: the head of household's name, a phone number, household size, the "
        "hardship and any photos or voice notes you send.\n"
        "• Who sees it: only the officials responsible for your village and town.\n"
        "• Why: only to visit and arrange assistance; phone numbers are stored encrypted.\n"
        "Do you agree?"
    ),
    "consent.thanks": "✔ Thank you, you agreed.",
    "consent.declined": (
        "All right, we have stored nothing. Without your agreement we cannot record a report.\n"
        "You can also contact your village committee directly. Send /start if you change "
        "your mind."
    ),
    "consent.required": "Before we continue we need your agreement.",
    "menu.title": "What would you like to do?",
    "menu.report": "🏠 Declare hardship for my household",
    "menu.neighbour": "👥 Report a concern about a neighbour",
    "menu.status": "📋 Check my reports",
    "menu.official": "🧑‍💼 I am an official",
    "menu.coming_soon": "This is coming soon.",
    "menu.official_help": (
        "Officials join with an <b>invite code</b> from the district: send "
        "<code>/join CODE</code>, or open the invite link."
    ),
    "start.mid_flow": "You have a report that is not finished. Continue it, or start over?",
    "start.continuing": "All right, let's continue.",
    "start.restarted": "Cleared. Starting over.",
    "lang.choose": "Choose a language / 请选择语言:",
    "lang.chosen": "✔ Switched to English.",
    "help.text": (
        "<b>How to use this bot:</b>\n"
        "/report — declare hardship for my household\n"
        "/neighbour — report a concern about a neighbour\n"
        "/status — see how my reports are going\n"
        "/lang — switch language 中文 / English\n"
        "/cancel — drop what you are filling in\n"
        "/join CODE — officials join\n"
        "/cases, /case REF, /stats — for officials\n"
        "Most steps are buttons: little typing needed."
    ),
    "cancel.done": "Cancelled. What you had filled in is deleted.",
    "cancel.nothing": "There is nothing to cancel.",
    "cancel.pressed": "✖ Cancelled",
    "btn.agree": "✅ I agree",
    "btn.disagree": "I do not agree",
    "btn.yes": "Yes",
    "btn.no": "No",
    "btn.cancel": "Cancel",
    "btn.back": "◀ Back",
    "btn.prev_page": "◀ Previous",
    "btn.next_page": "Next ▶",
    "btn.done": "✔ Done",
    "btn.skip": "Skip",
    "btn.more": "More (7 or more)",
    "btn.submit": "✅ Submit",
    "btn.edit": "✏️ Edit",
    "btn.continue": "Continue",
    "btn.restart": "Start over",
    "btn.share_phone": "📱 Share my phone number",
    "err.unknown_command": "I do not know that command. Send /help to see what I can do.",
    "err.button_invalid": "That button is not valid. Please use the buttons in the newest message.",
    "err.button_stale": "That button has expired. Please use the buttons in the newest message.",
    "err.use_buttons": "Please choose with the buttons below.",
    "err.not_understood": "Sorry, I did not understand. Please choose below:",
    "err.internal": (
        "Sorry, something went wrong on our side. What you filled in is kept. "
        "Please try again in a moment."
    ),
}
