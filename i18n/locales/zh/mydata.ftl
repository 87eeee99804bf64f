mydata-title = 📄 <b>我们保存的关于您的资料</b>
mydata-chat = 本聊天：语言 { $language }；同意告知书的时间：{ $consent }
mydata-lang_zh = 中文
mydata-lang_en = 英文
mydata-no_consent = 尚未同意
mydata-case =
    <b>本人申报 { $ref }</b>（{ $stage }），申报于 { $date }
    户主/申请人：{ $head }　电话：{ $phone }　身份证号：{ $id_number }
    家庭人口：{ $people } 人；风险类型：{ $risks }
    情况：{ $desc }；照片/语音：{ $media } 个
mydata-report =
    <b>{ $source }</b>，{ $date }
    风险类型：{ $risks }；情况：{ $desc }；照片/语音：{ $media } 个
    { $contact }
mydata-contact = 您留下的联系方式：{ $name } { $phone }
mydata-no_contact = 您没有留下联系方式（匿名）。
mydata-nothing_else = 除此之外，没有保存其他关于您的资料。
mydata-how_to_erase = 如需删除以上资料，请点下面的按钮。删除请求由区里的管理员审核；同意后，申报中的姓名（只留姓）、电话、身份证号、情况说明、照片和语音都会删除，统计数字保留。
mydata-btn_erase = 🗑 请求删除我的资料
mydata-pending = 您的删除请求已提交，正在等待区里审核，结果会通知您。
mydata-requested = ✅ 删除请求已提交给区里的管理员审核，结果会通知您。
mydata-admin_request =
    🗑 <b>删除个人资料的请求</b>（第 { $request } 号）
    有人请求删除我们保存的关于他/她的资料：本人申报 { $cases } 件，反映 { $reports } 次。同意后，这些申报将只保留统计所需的内容；不同意请写明理由，会转告本人。
mydata-btn_approve = ✅ 同意删除
mydata-btn_refuse = ✖ 不同意
mydata-admins_only = 删除请求只由区级管理员审核。此次操作已记录。
mydata-already_decided = 这个请求已经处理过了。
mydata-approved_admin = ✅ 已同意第 { $request } 号请求，资料已删除（涉及案件 { $cases } 件）。本人会收到通知。
mydata-ask_reason = 请写明不同意第 { $request } 号删除请求的理由（会转告本人）：
mydata-reason_needed = 请用文字写明理由。
mydata-refused_admin = 已告知本人第 { $request } 号请求未获同意及理由。
mydata-erased = ✅ 您的删除请求已获同意：我们保存的关于您的资料已删除。
mydata-refused =
    您的删除请求未获同意。理由：{ $reason }
    如有疑问，可联系区里的工作人员。
