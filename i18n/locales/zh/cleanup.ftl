### Review leftovers: an admin of several districts chooses one (/policy), a resident with several waiting filings chooses one (/confirm).

pol-ask_district = 您是多个区（县）的管理员。请选择要查看或修改哪个区（县）的办理规则：
pol-switch_district = 🔄 换一个区（县）
