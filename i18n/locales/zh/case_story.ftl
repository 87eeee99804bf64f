### The whole case on the card and in its history (办理记录); notices that carry the lead's
### words; notes addressed to the case's owner; the lead's inbox groups (issue 13).

## what the latest visit found, on the card

story-flagged = ⚠️{ $item }
story-all_ok = 各项正常
story-card_visit = 🏠 走访（{ $date }，{ $name }）：{ $found } · 照片 { $photos } 张
story-card_notes = 走访情况：{ $notes }
story-card_notes_cut = 走访情况：{ $notes }（全文见「办理记录」）

## the history

story-title = <b>{ $ref } 办理记录</b>（第 { $page }/{ $pages } 页，共 { $total } 条）
story-none = 还没有记录。
story-older = ◀ 更早的记录
story-newer = 更近的记录 ▶
story-who = （{ $name }）
story-line = { $at } <b>{ $action }</b>{ $who }
story-detail = {"    "}{ $text }
story-d_urgent = 🚨 紧急
story-d_source = 来源：{ $source }
story-d_category = 类别：{ $category }
story-d_reason = 理由：{ $reason }
story-d_comment = 意见：{ $reason }
story-d_closed = 办结原因：{ $reason }
story-d_duplicate = 与 { $ref } 重复
story-d_was = 原办结原因：{ $reason }
story-d_note = 内容：{ $text }
story-d_note_to = 发给负责人 { $name }（已通知）
story-d_note_file = 仅存档
story-d_measure = { $measure }{ $amount }，{ $start } 起{ $end }
story-d_amount_monthly = ，每月 { $amount } 元
story-d_amount_once = ，一次性 { $amount } 元
story-d_end = ，到 { $end }
story-d_on = 回访日期：{ $date }
story-d_step = 环节：{ $step }
story-d_level = 送到：{ $level }
story-d_target = 转给：{ $target }
story-d_from = 原负责人：{ $name }
story-d_to = 送给：{ $names }
story-d_to_nobody = 送给：暂无工作人员
story-d_found = 走访发现：{ $found }
story-d_income = 年人均收入 { $income } 元
story-d_photos = 照片 { $n } 张
story-d_notes = 走访情况：{ $notes }

## notices to the case's owner

story-told_approved = ✔ 案件 { $ref } 已由 { $name } 审核通过：{ $category }。
story-told_approved_comment =
    ✔ 案件 { $ref } 已由 { $name } 审核通过：{ $category }。
    审核意见：{ $reason }
story-told_rejected =
    ↩ 案件 { $ref } 的认定意见被 { $name } 退回。
    退回理由：{ $reason }
    请修改后重新点「📝 提出认定意见」。
story-told_note =
    🗒 { $name } 给您留了备注（案件 { $ref }）：
    { $text }

## a note: to the owner, or on file

story-ask_note_to = 这条备注发给案件负责人，还是只存档？
story-note_to_owner = 📨 发给负责人 { $name }（会通知他）
story-note_on_file = 🗂 只存档
story-done_note_sent = 🗒 备注已保存，并已通知负责人：{ $ref }。

## the inbox

story-inbox_waiting = <b>⏳ 等您审核（{ $n } 件）</b>
story-inbox_rest = <b>其他在办案件</b>
story-inbox_group = { $village }{ $group }

## a card that cannot be edited in place (a channel without edits)

story-card_moved = 🔄 案件 { $ref } 有了新进展：{ $stage }{ $owner }。现在能点的按钮在下面；看全部情况请发 /case { $ref }
story-card_moved_owner = ，已被 { $name } 受理
