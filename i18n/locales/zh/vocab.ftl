### Labels of the programme's vocabularies (slugs in cases/vocab.py).

## source

source-self = 本人申报
source-neighbour = 邻里反映
source-visit = 干部排查
source-data = 部门比对

## risk types

risk-illness = 因病
risk-disability = 因残
risk-schooling = 因学
risk-disaster = 因自然灾害
risk-accident = 因意外事故
risk-business = 因产业项目失败
risk-work = 因务工就业不稳
risk-labour = 缺劳动力
risk-housing = 住房安全
risk-water = 饮水安全
risk-other = 其他

## category on inclusion

category-unstable = 脱贫不稳定户
category-marginal = 边缘易致贫户
category-sudden = 突发严重困难户

## household register class

register-lifted = 脱贫户
register-monitored = 监测户
register-edge = 边缘户
register-ordinary = 一般户

## closure reason

closure-risk_eliminated = 风险消除
closure-not_eligible = 不符合条件
closure-duplicate = 重复
closure-withdrawn = 撤回
closure-unreachable = 无法联系

## measures

measure-dibao = 低保
measure-tekun = 特困供养
measure-temp_relief = 临时救助
measure-medical_aid = 医疗救助
measure-disability_subsidy = 残疾人补贴
measure-education = 教育资助/雨露计划
measure-public_job = 公益性岗位
measure-employment = 就业帮扶
measure-industry = 产业帮扶
measure-microcredit = 小额信贷
measure-housing_repair = 危房改造
measure-water_works = 饮水工程
measure-other = 其他

## alert types

alert-medical = 大额医疗支出
alert-disability = 残疾登记
alert-disaster = 受灾
alert-job_loss = 失业
alert-other = 其他

## stages

stage-reported = 已上报，待受理
stage-accepted = 已受理，待走访
stage-visited = 已走访，待提出认定意见
stage-proposed = 已提出意见，待镇街审核
stage-monitored = 已纳入监测帮扶
stage-closed = 已办结

## roles and division levels

role-officer = 村信息员
role-town_lead = 镇街负责人
role-district_admin = 区级管理员
level-district = 区县
level-town = 镇街
level-village = 村社区
