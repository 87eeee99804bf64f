### 我的农户: the household register (建档立卡) in chat, for officials (issue 13).

cmd-households = 工作人员：我的农户（按姓名或组查找）
off-households = 🏘 我的农户

hh-title = <b>我的农户</b>：共 { $total } 户（第 { $page }/{ $pages } 页）
hh-title_search = <b>查找“{ $query }”</b>：共 { $total } 户（第 { $page }/{ $pages } 页）
hh-line = { $n }. <b>{ $name }</b> { $place } · { $class }{ $case }
hh-line_case = {" "}· 📂 { $stage }
hh-line_overdue = {" "}⚠️逾期
hh-open = { $n }. { $name }
hh-empty = 您负责的村还没有导入建档立卡农户名册，请联系区里的管理员导入。
hh-none_found = 没有找到“{ $query }”。可以只输入户主姓名中的一个字，或者组号，例如：3组。
hh-btn_search = 🔍 按姓名或组查找
hh-btn_all = 📋 全部农户
hh-btn_back = ◀ 返回列表
hh-btn_visit = 📝 记录走访
hh-btn_case = 📂 打开案件
hh-ask_query = 请输入户主姓名（只输一个字也可以），或者组号。例如：王　或　3组
hh-err_query = 请用文字输入户主姓名或组号，例如：王　或　3组（不超过 { $max } 个字）。
hh-search_stale = 这次查找已经过期了，下面是全部农户。
hh-not_found = 名册里找不到这一户，可能已经移除了。
hh-out_of_scope = 这一户不在您负责的村，不能查看。
hh-card =
    🏠 <b>{ $name }</b>（户号 { $hid }）
    { $place } · 家庭人口 { $members } 人
    建档类别：{ $class }
    当前案件：{ $case }
    上次走访：{ $visit }
    下次到期：{ $due }
hh-card_case = { $ref }（{ $stage }）
hh-no_case = 没有正在办理的案件
hh-no_visit = 还没有走访记录
hh-visit = { $at }（{ $who }）
hh-no_due = 无
hh-due = { $step }，{ $at }
hh-due_overdue = { $step }，{ $at } ⚠️ 已逾期
hh-visit_for = 📝 为 <b>{ $name }</b>（{ $place }）记录走访：村、户主、人数已按名册填好，提交前可以修改。
