### The one start screen (before consent) and its short reminder.

welcome-start =
    您好，{ $name }！这里是<b>防返贫监测帮扶</b>服务（平安网）：家里有困难可以在这里申报，村里会派人上门。
    我们只记录申报的家庭情况和电话，只有负责您村、镇的工作人员能看到。您同意吗？
welcome-first = 请先点「同意并开始」。
welcome-agree = ✅ 同意并开始
welcome-disagree = 不同意
welcome-other_lang = English
welcome-details = 详细说明
welcome-declined =
    好的，除了语言选择，我们没有保存任何信息。
    有困难也可以直接找村委会。改变主意时，发送 /start 即可。
welcome-friend = 朋友
