# 大规模部署（issue 12）。

# 待办案件太多、只数到上限时显示的总数：“1000+”。
inbox-total_capped = { $count }+
