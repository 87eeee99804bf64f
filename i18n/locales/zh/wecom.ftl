# 企业微信：一张卡片最多 6 个按钮，其余按钮放在后面的卡片里
wecom-more_buttons = 更多选项（{ $page }/{ $pages }）
