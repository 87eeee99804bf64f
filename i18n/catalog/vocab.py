"""Labels of the programme's vocabularies (slugs in cases/vocab.py)."""

_LABELS: dict[str, tuple[str, str]] = {
    # source
    "source.self": ("本人申报", "self-declared"),
    "source.neighbour": ("邻里反映", "neighbour report"),
    "source.visit": ("干部排查", "found on a visit"),
    "source.data": ("部门比对", "department data"),
    # risk types
    "risk.illness": ("因病", "illness"),
    "risk.disability": ("因残", "disability"),
    "risk.schooling": ("因学", "schooling costs"),
    "risk.disaster": ("因自然灾害", "natural disaster"),
    "risk.accident": ("因意外事故", "accident"),
    "risk.business": ("因产业项目失败", "failed business or farm project"),
    "risk.work": ("因务工就业不稳", "unstable work"),
    "risk.labour": ("缺劳动力", "no one able to work"),
    "risk.housing": ("住房安全", "unsafe housing"),
    "risk.water": ("饮水安全", "unsafe drinking water"),
    "risk.other": ("其他", "other"),
    # category on inclusion
    "category.unstable": ("脱贫不稳定户", "unstable lifted-out household"),
    "category.marginal": ("边缘易致贫户", "marginal household at risk"),
    "category.sudden": ("突发严重困难户", "sudden severe hardship"),
    # household register class
    "register.lifted": ("脱贫户", "lifted out of poverty"),
    "register.monitored": ("监测户", "monitored"),
    "register.edge": ("边缘户", "edge household"),
    "register.ordinary": ("一般户", "ordinary household"),
    # closure reason
    "closure.risk_eliminated": ("风险消除", "risk eliminated"),
    "closure.not_eligible": ("不符合条件", "not eligible"),
    "closure.duplicate": ("重复", "duplicate"),
    "closure.withdrawn": ("撤回", "withdrawn"),
    "closure.unreachable": ("无法联系", "unreachable"),
    # measures
    "measure.dibao": ("低保", "minimum living allowance (dibao)"),
    "measure.tekun": ("特困供养", "support for the extremely poor"),
    "measure.temp_relief": ("临时救助", "temporary relief"),
    "measure.medical_aid": ("医疗救助", "medical aid"),
    "measure.disability_subsidy": ("残疾人补贴", "disability subsidy"),
    "measure.education": ("教育资助/雨露计划", "education grant / Yulu plan"),
    "measure.public_job": ("公益性岗位", "public-service job"),
    "measure.employment": ("就业帮扶", "employment support"),
    "measure.industry": ("产业帮扶", "farm / business support"),
    "measure.microcredit": ("小额信贷", "microcredit"),
    "measure.housing_repair": ("危房改造", "unsafe-house repair"),
    "measure.water_works": ("饮水工程", "drinking-water works"),
    "measure.other": ("其他", "other"),
    # alert types
    "alert.medical": ("大额医疗支出", "large medical bill"),
    "alert.disability": ("残疾登记", "disability registered"),
    "alert.disaster": ("受灾", "hit by a disaster"),
    "alert.job_loss": ("失业", "lost a job"),
    "alert.other": ("其他", "other"),
    # stages
    "stage.reported": ("已上报，待受理", "reported, waiting to be accepted"),
    "stage.accepted": ("已受理，待入户核实", "accepted, home visit pending"),
    "stage.visited": ("已入户核实，待提出认定意见", "visited, decision pending"),
    "stage.proposed": ("已提出意见，待镇街审核", "decision proposed, awaiting town approval"),
    "stage.monitored": ("已纳入监测帮扶", "under monitoring and assistance"),
    "stage.closed": ("已办结", "closed"),
    # roles and division levels
    "role.officer": ("村信息员", "village officer"),
    "role.town_lead": ("镇街负责人", "town lead"),
    "role.district_admin": ("区级管理员", "district administrator"),
    "level.district": ("区县", "district"),
    "level.town": ("镇街", "town"),
    "level.village": ("村社区", "village"),
}

ZH = {key: labels[0] for key, labels in _LABELS.items()}
EN = {key: labels[1] for key, labels in _LABELS.items()}
