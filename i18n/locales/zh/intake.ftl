### Neighbour reports (邻里反映), officer-found cases (排查发现) and intake notices to officials.

## the neighbour's journey

nb-intro =
    <b>反映邻居困难</b>
    您的姓名、电话和账号<b>不会</b>告诉被反映的人家；只有您同意时，村里的工作人员才会看到您的联系方式。
nb-ask_town = 第 1 步：这户人家在哪个<b>镇（街道）</b>？
nb-ask_village = 第 2 步：哪个<b>村（社区）</b>？
nb-chosen = ✔ { $label }：{ $value }
nb-ask_who =
    第 3 步：这户人家的<b>户主姓名</b>是？
    不知道姓名的话，简单描述一下也可以，例如：村口小卖部旁边的独居老人。
nb-err_who = 请用文字写户主姓名或简单描述，例如：王秀英。
nb-err_who_long = 太长了，最多 { $max } 个字。请简短一些。
nb-ask_group = 第 4 步：这户人家在<b>几组</b>（村民小组）？不知道就点「不清楚」。
nb-group_unknown = 不清楚
nb-err_group = 请输入组别，例如：3组；或点「不清楚」。
nb-ask_risks = 第 5 步：您担心这户人家遇到了<b>哪些困难</b>？可以选多项，选好后点「✔ 完成」。
nb-err_risks = 请至少选择一项困难。
nb-ask_desc = 第 6 步：请简单说说您看到的情况，<b>可以直接说话</b>（按住 🎤 发语音），打字或拍照也可以；不想说可以点「跳过」。
nb-media_saved = ✔ 已收到（共 { $count } 个）。可以继续发送，或点「✔ 完成」。
nb-err_media_full = 最多可以发 { $max } 张照片或语音，已经够了。
nb-err_desc_kind = 这里可以打字、发语音或照片。
nb-err_desc_long = 说明太长了（{ $length } 字），请控制在 { $max } 字以内。
nb-err_desc_empty = 请说几句（发语音）或打几个字，或点「跳过」。
nb-desc_done = ✔ 情况说明已记录。
nb-ask_knows = 第 7 步：这户人家<b>知道</b>您来反映吗？
nb-knows_yes = 知道
nb-knows_no = 不知道
nb-knows_unsure = 说不清
nb-ask_contact =
    第 8 步：工作人员需要时，<b>可以联系您</b>了解情况吗？
    选「不用联系我」，工作人员只会看到「邻里反映」，不会知道是谁反映的。
nb-contact_no = 🔒 不用联系我（匿名）
nb-contact_yes = 可以联系我
nb-ask_cname = 请输入<b>您的姓名</b>（只给负责的工作人员看）。
nb-err_cname = 姓名需要是文字，最多 40 个字。请重新输入。
nb-ask_cphone = 请留一个<b>您的电话</b>：点「📱 发送我的手机号」，或直接输入。
nb-err_cphone = 这个号码不对。请输入 11 位手机号，或带区号的座机号。
nb-cphone_saved = ✔ 电话已记录。
nb-summary_title = <b>请核对您的反映：</b>
nb-line = • { $label }：{ $value }
nb-summary_check = 没有问题就点「✅ 提交」。
nb-field_village = 所在村
nb-field_who = 户主或描述
nb-field_group = 组别
nb-field_risks = 担心的困难
nb-field_desc = 情况说明
nb-field_knows = 对方是否知道
nb-field_contact = 能否联系您
nb-anonymous = 匿名，不联系
nb-contact_as = 可以联系：{ $name } { $phone }
nb-none = 无
nb-media_count = { $n } 个照片/语音
nb-desc_with_media = { $desc }（另附 { $n } 个照片/语音）
nb-media_added = ✔ 收到，已加到情况说明里（共 { $count } 个照片/语音）。
nb-submitted =
    ✅ <b>谢谢您！</b>您的反映已转给{ $village }的工作人员，他们会上门了解情况。
    处理完后我们会在这里告诉您。
nb-limit_daily = 谢谢您的热心！每人每天最多反映 { $limit } 户，今天已经够了，请明天再来。
nb-limit_same = 您最近 7 天内已经反映过这户人家，工作人员正在处理，谢谢您。
nb-err_division_gone = 所选的村已不在名册中，请重新选择。
nb-back_to_towns = 重新选择镇（街道）。
nb-closed_thanks = 您之前反映的情况，工作人员<b>已经处理</b>。谢谢您对邻里的关心！

## notices to officials

intake-none = 无
intake-knows_yes = 知道
intake-knows_no = 不知道
intake-knows_unsure = 说不清
intake-note_neighbour =
    👥 <b>邻里反映</b> { $ref }（{ $village } { $head }）
    组别：{ $group }
    对方是否知道：{ $knows }
    反映人：匿名（邻里反映）
intake-note_neighbour_contact =
    👥 <b>邻里反映</b> { $ref }（{ $village } { $head }）
    组别：{ $group }
    对方是否知道：{ $knows }
    反映人同意联系：{ $name } { $phone }（请勿告知被反映的人家）
intake-further_neighbour =
    📎 <b>补充反映</b> { $ref }（{ $village } { $head }）：又有邻里反映了这户。
    困难：{ $risks }
    情况：{ $desc }
    组别：{ $group }
    对方是否知道：{ $knows }
    反映人：匿名（邻里反映）
intake-further_neighbour_contact =
    📎 <b>补充反映</b> { $ref }（{ $village } { $head }）：又有邻里反映了这户。
    困难：{ $risks }
    情况：{ $desc }
    组别：{ $group }
    对方是否知道：{ $knows }
    反映人同意联系：{ $name } { $phone }（请勿告知被反映的人家）
intake-further_self =
    📎 <b>补充反映</b> { $ref }（{ $village } { $head }）：本户又申报了一次。
    困难：{ $risks }
    情况：{ $desc }
intake-further_data =
    📎 <b>补充反映</b> { $ref }（{ $village } { $head }）：部门比对又发现一条预警。
    困难：{ $risks }
    情况：{ $desc }
intake-further_visit =
    📎 <b>补充反映</b> { $ref }（{ $village } { $head }）：干部排查也发现了这户。
    困难：{ $risks }
    情况：{ $desc }

## officer-found cases (排查发现)

of-officials_only = 「排查发现」只供工作人员使用。工作人员请先用邀请码加入：发送 <code>/join 邀请码</code>。
of-ask_village = <b>排查发现</b>：这户人家在哪个村？
of-chosen = ✔ { $label }：{ $value }
of-line = • { $label }：{ $value }
of-none = 无
of-ask_name = 户主姓名？
of-err_name = 姓名需要是文字，最多 40 个字。请重新输入。
of-ask_idnum = 户主<b>身份证号</b>（18 位）？不知道可以点「跳过」。
of-err_idnum = 身份证号不对：需要 18 位，校验位和出生日期都要正确。请重新输入，或点「跳过」。
of-ask_size = 家庭人口？（可直接输入 1–30）
of-err_size = 请选择人数，或输入 1 到 30 之间的数字。
of-ask_risks = 存在哪些<b>风险</b>？可多选，选好后点「✔ 完成」。
of-err_risks = 请至少选择一项风险。
of-ask_checks =
    <b>走访</b>：一看粮，二看房，三看家中的读书郎。
    只点有问题的项，点过的会标成 ⚠️（再点一下取消）；没问题的不用点。都看过后点「✔ 完成」。
of-check_food = 吃穿
of-check_housing = 住房
of-check_schooling = 上学
of-check_medical = 看病
of-check_water = 饮水
of-checks_done = ✔ 走访情况已记录。
of-ask_income = 家庭<b>年人均纯收入</b>（元）？不清楚可以点「跳过」。
of-err_income = 请输入数字金额（元），例如 6800；或点「跳过」。
of-ask_notes = 简要记录入户看到的情况（或点「跳过」）。
of-err_notes = 请用文字简要说明，最多 { $max } 字；或点「跳过」。
of-ask_urgent = 情况<b>紧急</b>吗？
of-summary_title = <b>请核对排查发现的信息：</b>
of-field_village = 所在村
of-field_name = 户主
of-field_idnum = 身份证号
of-field_size = 家庭人口
of-field_risks = 风险类型
of-field_checks = 走访
of-field_income = 年人均纯收入（元）
of-field_notes = 情况记录
of-field_urgent = 是否紧急
of-opened = ✅ 已建立案件 <code>{ $ref }</code>（{ $village }），由您负责，走访已记录。下一步：提出认定意见。
of-merged = 📎 这户人家已有在办案件 <code>{ $ref }</code>（{ $village }），您的走访记录（核实情况和收入）已记在这个案件上，负责的工作人员已收到通知。
