### The self-report journey (申报) and /status.

sr-ask_town = 第 1 步：您家在哪个<b>镇（街道）</b>？
sr-ask_village = 第 2 步：哪个<b>村（社区）</b>？
sr-back_to_towns = 重新选择镇（街道）。
sr-chosen = ✔ { $label }：{ $value }
sr-ask_name = 第 3 步：请输入<b>户主姓名</b>（或申请人姓名）。
sr-err_name = 姓名需要是文字，例如：王秀英。请重新输入。
sr-err_name_long = 姓名太长了，最多 40 个字。请重新输入。
sr-err_name_kind = 这里需要用文字输入姓名，例如：王秀英。
sr-ask_phone =
    第 4 步：请留一个<b>联系电话</b>。
    点下面的「📱 发送我的手机号」最方便；也可以直接输入手机号或带区号的座机号。
sr-err_phone = 这个号码不对。请输入 11 位手机号，例如 13800138000；或带区号的座机，例如 023-71234567。
sr-err_phone_kind = 请点「📱 发送我的手机号」，或直接输入电话号码。
sr-phone_saved = ✔ 电话已记录。
sr-ask_size = 第 5 步：家里一共<b>几口人</b>？
sr-ask_size_more = 请输入家庭人口数（1–30 之间的数字）。
sr-err_size = 请选择人数，或输入 1 到 30 之间的数字。
sr-ask_risks = 第 6 步：家里遇到了<b>哪些困难</b>？可以选多项，选好后点「✔ 完成」。
sr-err_risks = 请至少选择一项困难。
sr-ask_desc =
    第 7 步：请简单说说情况，<b>可以直接说话</b>（按住 🎤 发语音），打字或拍照也可以。
    不想说可以点「跳过」。
sr-media_saved = ✔ 已收到（共 { $count } 个）。可以继续发送，或点「✔ 完成」。
sr-err_media_full = 最多可以发 { $max } 张照片或语音，已经够了。
sr-err_desc_kind = 这里可以打字、发语音或照片。
sr-err_desc_long = 说明太长了（{ $length } 字），请控制在 { $max } 字以内。
sr-err_desc_empty = 请说几句（发语音）或打几个字，或点「跳过」。
sr-desc_done = ✔ 情况说明已记录。
sr-ask_urgent =
    第 8 步：情况<b>紧急</b>吗？
    （例如：家里断粮、急病需要马上就医、房屋现在就不安全）
sr-summary_title = <b>请核对您的申报：</b>
sr-line = • { $label }：{ $value }
sr-summary_check = 没有问题就点「✅ 提交」。
sr-none = 无
sr-media_count = { $n } 个照片/语音
sr-desc_with_media = { $desc }（另附 { $n } 个照片/语音）
sr-media_added = ✔ 收到，已加到情况说明里（共 { $count } 个照片/语音）。
sr-field_town = 镇（街道）
sr-field_village = 所在村
sr-field_name = 姓名
sr-field_phone = 电话
sr-field_size = 家庭人口
sr-field_risks = 困难类型
sr-field_desc = 情况说明
sr-field_urgent = 是否紧急
sr-ask_edit = 要修改哪一项？
sr-err_division_gone = 所选的村已不在名册中，请重新选择。
sr-submitted_short = ✔ 已提交。
sr-submitted =
    ✅ <b>申报已提交</b>，编号：<code>{ $ref }</code>
    { $village }的工作人员会在 { $within }内受理，之后会上门走访。每一步进展我们都会在这里告诉您。
    随时发送 /status 查看进度。
sr-submitted_again =
    ✅ 您之前的申报 <code>{ $ref }</code> 还在办理中，这次补充的情况已转给负责的工作人员。
    随时发送 /status 查看进度。
sr-submitted_merged = ✅ 这户人家已有在办的申报，您补充的情况已转给{ $village }负责的工作人员，他们会和这户人家联系。谢谢您。
status-none = 您还没有申报记录。
status-closed_as = 已办结（{ $reason }）
status-neighbour = 您反映过 { $n } 户人家的情况，都已转给村里的工作人员；其中 { $handled } 户已处理完。
status-official = 您是工作人员：您负责的案件请发 /cases 查看。
status-title = <b>您的申报（{ $n } 件）：</b>
status-line = • <code>{ $ref }</code> { $village } — { $stage }（更新于 { $updated }）
