# 企业微信：一张卡片最多 6 个按钮，其余按钮放在后面的卡片里
wecom-more_buttons = 更多选项（{ $page }/{ $pages }）

# /channel：工作人员选择案件卡片和提醒发到 Telegram 还是企业微信
wecom-channel_name_telegram = Telegram
wecom-channel_name_wecom = 企业微信
wecom-channel_name_web = 网页
wecom-channel_officials_only = 这个命令是给工作人员用的：工作人员可以选择案件卡片发到 Telegram 还是企业微信。
wecom-channel_only_one = 您的案件卡片和提醒发到这里（{ $here }）。本服务目前没有开通别的渠道。
wecom-channel_offer =
    您的案件卡片和提醒现在发到这里（{ $here }）。
    要改为发到{ $other }，请在{ $other }里向本服务发送下面这一行（{ $minutes } 分钟内有效，只能用一次）：
    <code>/join { $code }</code>
    改好以后，您的角色、案件和记录都跟着过去，这里就不再收到卡片。
wecom-channel_moved = 好了，{ $name }：您的案件卡片和提醒以后都发到这里（{ $here }）。
wecom-channel_taken = 这个账号已经是另一个工作人员账号了，不能合并。请联系区县管理员。

# The command menu (Telegram): /channel
cmd-channel = 工作人员：卡片发到 Telegram 还是企业微信

# 卡片不再需要按钮时，旧按钮变成这个灰色标签
wecom-card_done = 已更新，见下一条
