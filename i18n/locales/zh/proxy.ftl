### Filing on someone's behalf (代为申报), the household's confirmation, and abandoned drafts.

pf-start = 👪 我是替家人或我帮助的人申报
pf-ask_relation = 您是替谁申报？您和这户人家是什么<b>关系</b>？
pf-relation-child = 子女
pf-relation-relative = 亲属
pf-relation-neighbour = 邻居
pf-relation-other = 其他
pf-ask_filer_name = 请输入<b>您自己的名字</b>。
pf-household_sees = 请知悉：这户人家会看到是<b>{ $name }（{ $relation }）</b>替他们申报的。下面请填写<b>这户人家</b>的情况。
pf-ask_town = 第 1 步：这户人家在哪个<b>镇（街道）</b>？
pf-ask_name = 第 3 步：请输入这户人家<b>户主的姓名</b>。
pf-ask_phone =
    第 4 步：请输入这户人家<b>自己的电话</b>（手机号或带区号的座机）。
    户主用这个号码就能确认申报。
pf-err_own_phone = 这是您自己的号码。请输入这户人家自己的电话。
pf-official_use_found = 工作人员请用「排查发现」（/found）登记上门发现的困难户，不用代为申报。
pf-summary_filer = 代为申报：{ $name }（{ $relation }）
pf-submitted =
    ✅ 已提交，编号 <b>{ $ref }</b>。{ $village }负责的工作人员会在 { $hours } 小时内受理。
    还需要户主<b>本人确认</b>，以下任选一种：
    1. 把这个链接发给户主，户主打开后点「确认」（{ $days } 天内有效，只能用一次）：
    { $link }
    2. 户主自己打开本服务，发送 /confirm，分享自己的手机号。
    3. 工作人员第一次上门时，当面确认。
    您会收到编号、办理进度和回执；帮扶措施和收入情况只告诉户主本人。
pf-limit_daily = 今天代为申报已经 { $limit } 次了，请明天再来。有急事请直接联系村委会。
pf-limit_same = 这户人家您这周已经申报过了，工作人员正在办理，不用重复申报。
pf-confirm_ask =
    <b>{ $name }（{ $relation }）</b>替您向{ $village }申报了家庭困难，编号 { $ref }。
    是您本人同意的吗？确认后，办理进度会发给您；只有负责您村、镇的工作人员能看到您家的情况。
pf-btn_yes = ✅ 是，我确认
pf-btn_no = ✖ 不是，撤回申报
pf-confirmed = ✔ 您已确认，编号 { $ref }。工作人员会上门了解情况，进度会发到这里；发送 /status 也可以查看。
pf-ask_share = { $name }以后能看到哪些？
pf-btn_share_limited = 只看编号和进度（推荐）
pf-btn_share_all = 全部都可以看（包括帮扶措施）
pf-share_limited = ✔ 好的，{ $name }只能看到编号和进度。
pf-share_all = ✔ 好的，{ $name }可以看到全部情况。
pf-declined = ✔ 已撤回这份申报，您家的资料已删除。如果以后需要帮助，可以自己申报。
pf-link_unknown = 这个确认链接不对或已经用过了。
pf-link_expired = 这个确认链接已过期（{ $days } 天有效）。可以请代办人联系村里，或等工作人员上门时确认。
pf-link_own = 只有户主本人能确认这份申报：请把确认链接转发给户主，由户主自己打开。
pf-offer_stale = 这个确认已经过期了，请重新打开确认链接，或发送 /confirm。
pf-ask_contact = 请点下面的「📱 发送我的手机号」，核对是不是有人替您申报了。
pf-err_contact_kind = 请点「📱 发送我的手机号」。
pf-err_not_own = 请发送<b>您自己的</b>手机号（点下面的按钮）。
pf-contact_checked = ✔ 收到，已核对（号码不会保存）。
pf-contact_none = 没有找到替这个号码申报、等待确认的申报。
pf-filer_confirmed = ✅ 户主已确认您代为提交的申报 { $ref }。
pf-filer_declined = 户主说不需要这份申报（{ $ref }），申报已撤回，资料已删除。
pf-card = 👪 代为申报：{ $name }（{ $relation }）· { $status }
pf-card_pending = 待本人确认
pf-card_confirmed = 本人已确认
pf-card_declined = 本人不同意，已撤回
pf-act_confirm = ✔ 本人已确认（上门时）
pf-act_confirmed = ✔ 已记录：户主本人当面确认。
pf-act_not_now = 这份申报已经确认过或已撤回。
draft-reminder =
    您有一份<b>没填完</b>的内容（{ $what }）。要继续填写吗？
    { $days } 天内不继续，就会自动删除。
draft-what-self = 困难申报
draft-what-proxy = 代为申报
draft-what-neighbour = 反映邻居困难
draft-what-other = 填写中的内容
draft-btn_continue = 继续填写
draft-btn_discard = 删除
draft-discarded = ✔ 已删除，没填完的内容一点都不保留。
draft-nothing = 这份内容已经没有了（已提交、已取消或已过期删除）。
