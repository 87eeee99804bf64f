### The web channel: the page behind the village QR posters, and the posters themselves.

web-title = 平安网 · 困难申报
web-intro = 家里遇到困难，或者邻居家有困难，都可以在这里说。不用下载，不用注册。
web-placeholder = 在这里输入…
web-send = 发送
web-photo = 📷 照片
web-voice = 🎤 语音
web-voice_stop = ⏹ 说完了，发送
web-recording = 正在录音…
web-phone_placeholder = 手机号或带区号的座机号
web-location = 📍 发送我的位置
web-cancel = 取消
web-recover_open = 换了手机或清除了浏览器？用案件编号查看进度
web-recover_title = 输入案件编号和申报时留的电话，就能在这里继续查看进度。
web-recover_ref = 案件编号，例如 NC-2026-000123
web-recover_phone = 申报时留的电话
web-recover_button = 查看进度
web-recover_not_found = 案件编号和电话对不上。请检查后再试。
web-recover_limit = 尝试次数太多了，请一小时后再试。
web-offline = 网络不通，正在重试…
web-expired = 页面已过期，请刷新后再试。
web-too_fast = 发得太快了，请稍等一会儿再发。
web-new_visitors_limit = 这个网络刚才打开的新页面太多了，请过一会儿再试。
web-you_photo = 📷 已发送一张照片
web-you_voice = 🎤 已发送一段语音
web-upload_too_big = 文件太大了，最大 { $mb } MB。
web-upload_wrong_type = 只能发送照片（JPG、PNG、WebP）或录音。
web-upload_empty = 文件是空的，请重新选择。
web-upload_limit = 今天发送的照片和录音太多了，请明天再发。
web-media_note = （这里有一个文件，网页上不显示。）
web-poster_village = 📍 { $village }（海报上的村）

## The printed poster (three plain lines under the village name).

web-poster_line1 = 家里遇到困难？用微信扫一扫，说给村里听。
web-poster_line2 = 也可以反映邻居家的困难，可以不留名字。
web-poster_line3 = 不用下载，不用注册；村干部会尽快联系您。
web-poster_footer = 平安网 · 防止返贫动态监测
# How the greeting addresses a web visitor, who has no name on the channel ("您好，乡亲！").
web-no_name = 乡亲
