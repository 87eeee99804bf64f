"""Neighbour reports (邻里反映), officer-found cases (排查发现) and intake notices to officials."""

ZH = {
    # --- the neighbour's journey
    "nb.intro": (
        "<b>反映邻居困难</b>\n"
        "您的姓名、电话和账号<b>不会</b>告诉被反映的人家；"
        "只有您同意时，村里的工作人员才会看到您的联系方式。"
    ),
    "nb.ask_town": "第 1 步：这户人家在哪个<b>镇（街道）</b>？",
    "nb.ask_village": "第 2 步：哪个<b>村（社区）</b>？",
    "nb.chosen": "✔ {label}：{value}",
    "nb.ask_who": (
        "第 3 步：这户人家的<b>户主姓名</b>是？\n"
        "不知道姓名的话，简单描述一下也可以，例如：村口小卖部旁边的独居老人。"
    ),
    "nb.err_who": "请用文字写户主姓名或简单描述，例如：王秀英。",
    "nb.err_who_long": "太长了，最多 {max} 个字。请简短一些。",
    "nb.ask_group": "第 4 步：这户人家在<b>几组</b>（村民小组）？不知道就点「不清楚」。",
    "nb.group_unknown": "不清楚",
    "nb.err_group": "请输入组别，例如：3组；或点「不清楚」。",
    "nb.ask_risks": "第 5 步：您担心这户人家遇到了<b>哪些困难</b>？可以选多项，选好后点「✔ 完成」。",
    "nb.err_risks": "请至少选择一项困难。",
    "nb.ask_desc": "第 6 步：请简单说说您看到的情况，打字、发语音或拍照都可以；不想说可以点「跳过」。",
    "nb.media_saved": "✔ 已收到（共 {count} 个）。可以继续发送，或点「✔ 完成」。",
    "nb.err_media_full": "最多可以发 {max} 张照片或语音，已经够了。",
    "nb.err_desc_kind": "这里可以打字、发语音或照片。",
    "nb.err_desc_long": "说明太长了（{length} 字），请控制在 {max} 字以内。",
    "nb.err_desc_empty": "请用文字简单说明一下，或点「跳过」。",
    "nb.desc_done": "✔ 情况说明已记录。",
    "nb.ask_knows": "第 7 步：这户人家<b>知道</b>您来反映吗？",
    "nb.knows_yes": "知道",
    "nb.knows_no": "不知道",
    "nb.knows_unsure": "说不清",
    "nb.ask_contact": (
        "第 8 步：工作人员需要时，<b>可以联系您</b>了解情况吗？\n"
        "选「不用联系我」，工作人员只会看到「邻里反映」，不会知道是谁反映的。"
    ),
    "nb.contact_no": "🔒 不用联系我（匿名）",
    "nb.contact_yes": "可以联系我",
    "nb.ask_cname": "请输入<b>您的姓名</b>（只给负责的工作人员看）。",
    "nb.err_cname": "姓名需要是文字，最多 40 个字。请重新输入。",
    "nb.ask_cphone": "请留一个<b>您的电话</b>：点「📱 发送我的手机号」，或直接输入。",
    "nb.err_cphone": "这个号码不对。请输入 11 位手机号，或带区号的座机号。",
    "nb.cphone_saved": "✔ 电话已记录。",
    "nb.summary_title": "<b>请核对您的反映：</b>",
    "nb.line": "• {label}：{value}",
    "nb.summary_check": "没有问题就点「✅ 提交」。",
    "nb.field_village": "所在村",
    "nb.field_who": "户主或描述",
    "nb.field_group": "组别",
    "nb.field_risks": "担心的困难",
    "nb.field_desc": "情况说明",
    "nb.field_knows": "对方是否知道",
    "nb.field_contact": "能否联系您",
    "nb.anonymous": "匿名，不联系",
    "nb.contact_as": "可以联系：{name} {phone}",
    "nb.none": "无",
    "nb.media_count": "{n} 个照片/语音",
    "nb.desc_with_media": "{desc}（另附 {n} 个照片/语音）",
    "nb.media_added": "✔ 收到，已加到情况说明里（共 {count} 个照片/语音）。",
    "nb.submitted": (
        "✅ <b>谢谢您！</b>您的反映已转给{village}的工作人员，他们会上门了解情况。\n"
        "处理完后我们会在这里告诉您。"
    ),
    "nb.limit_daily": "谢谢您的热心！每人每天最多反映 {limit} 户，今天已经够了，请明天再来。",
    "nb.limit_same": "您最近 7 天内已经反映过这户人家，工作人员正在处理，谢谢您。",
    "nb.err_division_gone": "所选的村已不在名册中，请重新选择。",
    "nb.back_to_towns": "重新选择镇（街道）。",
    "nb.closed_thanks": "您之前反映的情况，工作人员<b>已经处理</b>。谢谢您对邻里的关心！",
    # --- notices to officials
    "intake.none": "无",
    "intake.knows_yes": "知道",
    "intake.knows_no": "不知道",
    "intake.knows_unsure": "说不清",
    "intake.note_neighbour": (
        "👥 <b>邻里反映</b> {ref}（{village} {head}）\n"
        "组别：{group}\n对方是否知道：{knows}\n反映人：匿名（邻里反映）"
    ),
    "intake.note_neighbour_contact": (
        "👥 <b>邻里反映</b> {ref}（{village} {head}）\n"
        "组别：{group}\n对方是否知道：{knows}\n"
        "反映人同意联系：{name} {phone}（请勿告知被反映的人家）"
    ),
    "intake.further_neighbour": (
        "📎 <b>补充反映</b> {ref}（{village} {head}）：又有邻里反映了这户。\n"
        "困难：{risks}\n情况：{desc}\n组别：{group}\n对方是否知道：{knows}\n"
        "反映人：匿名（邻里反映）"
    ),
    "intake.further_neighbour_contact": (
        "📎 <b>补充反映</b> {ref}（{village} {head}）：又有邻里反映了这户。\n"
        "困难：{risks}\n情况：{desc}\n组别：{group}\n对方是否知道：{knows}\n"
        "反映人同意联系：{name} {phone}（请勿告知被反映的人家）"
    ),
    "intake.further_self": (
        "📎 <b>补充反映</b> {ref}（{village} {head}）：本户又申报了一次。\n"
        "困难：{risks}\n情况：{desc}"
    ),
    "intake.further_data": (
        "📎 <b>补充反映</b> {ref}（{village} {head}）：部门比对又发现一条预警。\n"
        "困难：{risks}\n情况：{desc}"
    ),
    "intake.further_visit": (
        "📎 <b>补充反映</b> {ref}（{village} {head}）：干部排查也发现了这户。\n"
        "困难：{risks}\n情况：{desc}"
    ),
    # --- officer-found cases (排查发现)
    "of.officials_only": (
        "「排查发现」只供工作人员使用。工作人员请先用邀请码加入：发送 <code>/join 邀请码</code>。"
    ),
    "of.ask_village": "<b>排查发现</b>：这户人家在哪个村？",
    "of.chosen": "✔ {label}：{value}",
    "of.line": "• {label}：{value}",
    "of.none": "无",
    "of.ask_name": "户主姓名？",
    "of.err_name": "姓名需要是文字，最多 40 个字。请重新输入。",
    "of.ask_idnum": "户主<b>身份证号</b>（18 位）？不知道可以点「跳过」。",
    "of.err_idnum": "身份证号不对：需要 18 位，校验位和出生日期都要正确。请重新输入，或点「跳过」。",
    "of.ask_size": "家庭人口？（可直接输入 1–30）",
    "of.err_size": "请选择人数，或输入 1 到 30 之间的数字。",
    "of.ask_risks": "存在哪些<b>风险</b>？可多选，选好后点「✔ 完成」。",
    "of.err_risks": "请至少选择一项风险。",
    "of.ask_checks": (
        "<b>入户核实</b>：一看粮，二看房，三看家中的读书郎。\n"
        "有问题的项点一下标为 ⚠️，都看过后点「✔ 完成」。"
    ),
    "of.check_food": "吃穿",
    "of.check_housing": "住房",
    "of.check_schooling": "上学",
    "of.check_medical": "看病",
    "of.check_water": "饮水",
    "of.checks_done": "✔ 核实情况已记录。",
    "of.ask_income": "家庭<b>年人均纯收入</b>（元）？不清楚可以点「跳过」。",
    "of.err_income": "请输入数字金额（元），例如 6800；或点「跳过」。",
    "of.ask_notes": "简要记录入户看到的情况（或点「跳过」）。",
    "of.err_notes": "请用文字简要说明，最多 {max} 字；或点「跳过」。",
    "of.ask_urgent": "情况<b>紧急</b>吗？",
    "of.summary_title": "<b>请核对排查发现的信息：</b>",
    "of.field_village": "所在村",
    "of.field_name": "户主",
    "of.field_idnum": "身份证号",
    "of.field_size": "家庭人口",
    "of.field_risks": "风险类型",
    "of.field_checks": "入户核实",
    "of.field_income": "年人均纯收入（元）",
    "of.field_notes": "情况记录",
    "of.field_urgent": "是否紧急",
    "of.opened": (
        "✅ 已建立案件 <code>{ref}</code>（{village}），由您负责，入户核实已记录。"
        "下一步：提出认定意见。"
    ),
    "of.merged": (
        "📎 这户人家已有在办案件 <code>{ref}</code>（{village}），您的走访记录（核实情况和收入）已记在这个案件上，"
        "负责的工作人员已收到通知。"
    ),

}

EN = {
    "nb.intro": (
        "<b>Report a concern about a neighbour</b>\n"
        "Your name, phone and account are <b>never</b> told to the household; "
        "village officials see how to reach you only if you agree."
    ),
    "nb.ask_town": "Step 1: which <b>town</b> does the household live in?",
    "nb.ask_village": "Step 2: which <b>village</b>?",
    "nb.chosen": "✔ {label}: {value}",
    "nb.ask_who": (
        "Step 3: the <b>name of the head of the household</b>?\n"
        "If you do not know it, a short description will do, e.g. the old man living alone "
        "next to the village shop."
    ),
    "nb.err_who": "Please type the head's name or a short description, e.g. Wang Xiuying.",
    "nb.err_who_long": "That is too long: at most {max} characters, please.",
    "nb.ask_group": (
        "Step 4: which <b>group</b> (村民小组) of the village? "
        "Tap \"Not sure\" if you do not know."
    ),
    "nb.group_unknown": "Not sure",
    "nb.err_group": "Please type the group, e.g. 3组, or tap \"Not sure\".",
    "nb.ask_risks": (
        "Step 5: what <b>hardship</b> are you worried about? Choose any, then tap \"✔ Done\"."
    ),
    "nb.err_risks": "Please choose at least one.",
    "nb.ask_desc": (
        "Step 6: tell us briefly what you have seen — text, a voice note or photos. "
        "Or tap \"Skip\"."
    ),
    "nb.media_saved": "✔ Received ({count} so far). Send more or tap \"✔ Done\".",
    "nb.err_media_full": "At most {max} photos or voice notes; that is enough.",
    "nb.err_desc_kind": "Text, a voice note or photos work here.",
    "nb.err_desc_long": "That is too long ({length} characters); keep it under {max}.",
    "nb.err_desc_empty": "Please write a few words, or tap \"Skip\".",
    "nb.desc_done": "✔ Description saved.",
    "nb.ask_knows": "Step 7: does the household <b>know</b> you are reporting this?",
    "nb.knows_yes": "Yes",
    "nb.knows_no": "No",
    "nb.knows_unsure": "Not sure",
    "nb.ask_contact": (
        "Step 8: may an official <b>contact you</b> if they need to know more?\n"
        "With \"Do not contact me\" officials only see \"neighbour report\", never who sent it."
    ),
    "nb.contact_no": "🔒 Do not contact me (anonymous)",
    "nb.contact_yes": "You may contact me",
    "nb.ask_cname": "Please type <b>your name</b> (only the responsible officials see it).",
    "nb.err_cname": "A name needs letters, at most 40 characters. Please try again.",
    "nb.ask_cphone": "Please give <b>your phone number</b>: tap \"📱 Share my phone number\" or type it.",
    "nb.err_cphone": "That number does not look right: an 11-digit mobile or a landline with area code.",
    "nb.cphone_saved": "✔ Phone number saved.",
    "nb.summary_title": "<b>Please check your report:</b>",
    "nb.line": "• {label}: {value}",
    "nb.summary_check": "If it is right, tap \"✅ Submit\".",
    "nb.field_village": "Village",
    "nb.field_who": "Head or description",
    "nb.field_group": "Group",
    "nb.field_risks": "Hardship",
    "nb.field_desc": "What you saw",
    "nb.field_knows": "Household knows",
    "nb.field_contact": "May we contact you",
    "nb.anonymous": "anonymous, no contact",
    "nb.contact_as": "yes: {name} {phone}",
    "nb.none": "none",
    "nb.media_count": "{n} photos / voice notes",
    "nb.desc_with_media": "{desc} (and {n} photos / voice notes)",
    "nb.media_added": "✔ Received and added to what you saw ({count} photos / voice notes).",
    "nb.submitted": (
        "✅ <b>Thank you!</b> Your report has gone to the officials of {village}; "
        "they will visit the household.\nWe will tell you here once it has been handled."
    ),
    "nb.limit_daily": (
        "Thank you for caring! Each person can report at most {limit} households a day; "
        "please come back tomorrow."
    ),
    "nb.limit_same": (
        "You reported this household within the last 7 days; the officials are on it. Thank you."
    ),
    "nb.err_division_gone": "That village is no longer in the register; please choose again.",
    "nb.back_to_towns": "Choose the town again.",
    "nb.closed_thanks": (
        "The concern you reported <b>has been handled</b>. "
        "Thank you for looking out for your neighbours!"
    ),
    "intake.none": "none",
    "intake.knows_yes": "yes",
    "intake.knows_no": "no",
    "intake.knows_unsure": "not sure",
    "intake.note_neighbour": (
        "👥 <b>Neighbour report</b> {ref} ({village} {head})\n"
        "Group: {group}\nHousehold knows: {knows}\nReporter: anonymous (neighbour report)"
    ),
    "intake.note_neighbour_contact": (
        "👥 <b>Neighbour report</b> {ref} ({village} {head})\n"
        "Group: {group}\nHousehold knows: {knows}\n"
        "Reporter agreed to be contacted: {name} {phone} (do not tell the household)"
    ),
    "intake.further_neighbour": (
        "📎 <b>Further report</b> {ref} ({village} {head}): another neighbour reported this household.\n"
        "Hardship: {risks}\nWhat they saw: {desc}\nGroup: {group}\nHousehold knows: {knows}\n"
        "Reporter: anonymous (neighbour report)"
    ),
    "intake.further_neighbour_contact": (
        "📎 <b>Further report</b> {ref} ({village} {head}): another neighbour reported this household.\n"
        "Hardship: {risks}\nWhat they saw: {desc}\nGroup: {group}\nHousehold knows: {knows}\n"
        "Reporter agreed to be contacted: {name} {phone} (do not tell the household)"
    ),
    "intake.further_self": (
        "📎 <b>Further report</b> {ref} ({village} {head}): the household declared again.\n"
        "Hardship: {risks}\nDetails: {desc}"
    ),
    "intake.further_data": (
        "📎 <b>Further report</b> {ref} ({village} {head}): another department data alert.\n"
        "Hardship: {risks}\nDetails: {desc}"
    ),
    "intake.further_visit": (
        "📎 <b>Further report</b> {ref} ({village} {head}): an official also found this household.\n"
        "Hardship: {risks}\nDetails: {desc}"
    ),
    "of.officials_only": (
        "\"Found on a visit\" is for officials. Officials join with an invite code: "
        "send <code>/join CODE</code>."
    ),
    "of.ask_village": "<b>Found on a visit</b>: which village does the household live in?",
    "of.chosen": "✔ {label}: {value}",
    "of.line": "• {label}: {value}",
    "of.none": "none",
    "of.ask_name": "Name of the head of the household?",
    "of.err_name": "A name needs letters, at most 40 characters. Please try again.",
    "of.ask_idnum": "The head's <b>ID number</b> (18 characters)? Tap \"Skip\" if unknown.",
    "of.err_idnum": (
        "That ID number is not valid: 18 characters with a correct check digit and birth date. "
        "Type it again or tap \"Skip\"."
    ),
    "of.ask_size": "How many people in the household? (or type 1–30)",
    "of.err_size": "Choose a number, or type one from 1 to 30.",
    "of.ask_risks": "Which <b>risks</b>? Choose any, then tap \"✔ Done\".",
    "of.err_risks": "Please choose at least one risk.",
    "of.ask_checks": (
        "<b>Home visit</b>: food, housing, children's schooling, medical care, water.\n"
        "Tap an item to mark it ⚠️ at risk, then \"✔ Done\"."
    ),
    "of.check_food": "food and clothing",
    "of.check_housing": "housing",
    "of.check_schooling": "schooling",
    "of.check_medical": "medical care",
    "of.check_water": "drinking water",
    "of.checks_done": "✔ Visit checklist saved.",
    "of.ask_income": "Yearly <b>net income per person</b> (yuan)? Tap \"Skip\" if unknown.",
    "of.err_income": "Please type an amount in yuan, e.g. 6800, or tap \"Skip\".",
    "of.ask_notes": "A few words on what you saw (or tap \"Skip\").",
    "of.err_notes": "Please write a few words, at most {max} characters, or tap \"Skip\".",
    "of.ask_urgent": "Is it <b>urgent</b>?",
    "of.summary_title": "<b>Please check the case you found:</b>",
    "of.field_village": "Village",
    "of.field_name": "Head of household",
    "of.field_idnum": "ID number",
    "of.field_size": "Household size",
    "of.field_risks": "Risks",
    "of.field_checks": "Home visit",
    "of.field_income": "Net income per person (yuan/year)",
    "of.field_notes": "Notes",
    "of.field_urgent": "Urgent",
    "of.opened": (
        "✅ Case <code>{ref}</code> ({village}) opened; it is yours and the home visit is recorded. "
        "Next: propose a decision."
    ),
    "of.merged": (
        "📎 This household already has an open case <code>{ref}</code> ({village}); your visit "
        "(checks and income) was recorded on it and its officer has been told."
    ),
}
