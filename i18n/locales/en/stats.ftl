### Statistics (/stats), charts, report files and case exports.

stats-title = <b>{ $scope } { $year }: monitoring and assistance figures</b>
stats-as_of = As of { $time } ({ $tz })
stats-new = Newly identified in the year: households <b>{ $households }</b>, people <b>{ $people }</b>
stats-total = Identified in total: households <b>{ $households }</b>, people <b>{ $people }</b>
stats-eliminated = Risk eliminated in total: households <b>{ $households }</b>, people <b>{ $people }</b>
stats-eliminated_year = of which in the year: households { $households }, people { $people }
stats-monitored = Monitored now: households { $households }, people { $people }
stats-open_title = <b>Open cases by stage</b>
stats-stage_line = · { $stage }: { $cases }, overdue { $overdue }
stats-open_none = · no open cases
stats-source_title = <b>Source</b> (cases reported in the year / households newly identified)
stats-risk_title = <b>Risk type</b> (cases reported in the year / households newly identified)
stats-label_line = · { $label }: { $cases } / { $households }
stats-time_title = <b>Timeliness</b> (median / 90th percentile, nearest-rank method)
stats-time_line = · { $step }: { $median } / { $p90 } (n = { $n })
stats-time_none = · { $step }: none this year
stats-step-accept = report → accepted
stats-step-visit = accepted → visited
stats-step-decide = report → decision proposed
stats-towns_title = <b>Towns</b> (new · identified in total · eliminated · open/overdue)
stats-area_line = { $name }: { $new_h } hh { $new_p } p · { $total_h } hh { $total_p } p · { $elim_h } hh { $elim_p } p · { $open }/{ $overdue }
stats-villages_title = <b>Villages</b> (new in the year · identified in total · risk eliminated in total · open/overdue cases)
stats-town_time_title = <b>Timeliness by town</b> (median/p90: report→accepted · accepted→visited · report→decision)
stats-town_time_line = { $name }: { $times }
stats-villages_hint = Village tables: press “📊 Chart” or “📥 XLSX”, or export CSV from the command line; “📋 Case list” sends every case as XLSX (ID numbers masked).
stats-villages_hint_town = Village figures: press “📊 Chart”.
stats-hours = { $n } h
stats-days = { $n } d
stats-not_allowed = Statistics are for town leads and district administrators.
stats-bad_year = That is not a year I can count. Send e.g. /stats 2021 (between { $first } and { $last }).
stats-unknown_town = Your town is not in the division register; please ask a district administrator.
stats-btn_chart = 📊 Chart
stats-btn_xlsx = 📥 XLSX
stats-chart_caption = { $scope } { $year }: newly identified and risk eliminated by month; open cases by village
stats-xlsx_caption = { $scope } { $year } figures (ID numbers masked)
stats-btn_cases = 📋 Case list
stats-cases_caption = { $scope } case list, cases: { $cases } (ID numbers masked, no phone numbers)
stats-cases_coming = 📋 Preparing the case list; it will arrive here (a minute or two when there are many cases).
stats-admin_only = The figures workbook and the case list are for district administrators. For village figures, press “📊 Chart”.
stats-no_reports = Files cannot be made right now; please try again later.

## chart

stats-chart-monthly = { $year }: newly identified and risk eliminated by month (households)
stats-chart-new = newly identified
stats-chart-eliminated = risk eliminated
stats-chart-month = { $n }
stats-chart-open = Open cases by village
stats-chart-overdue = of which overdue
stats-chart-none = no open cases

## report files: sheet names and columns

stats-sheet-summary = Summary
stats-sheet-areas = Towns and villages
stats-sheet-months = Months
stats-sheet-stages = Open stages
stats-sheet-sources = Sources
stats-sheet-risks = Risk types
stats-sheet-cases = Cases
stats-col-item = Item
stats-col-households = Households
stats-col-people = People
stats-col-level = Level
stats-col-code = Division code
stats-col-name = Name
stats-col-new_h = New households
stats-col-new_p = New people
stats-col-total_h = Identified households (total)
stats-col-total_p = Identified people (total)
stats-col-elim_h = Eliminated households (total)
stats-col-elim_p = Eliminated people (total)
stats-col-elim_year_h = Eliminated households (year)
stats-col-elim_year_p = Eliminated people (year)
stats-col-monitored_h = Monitored households now
stats-col-monitored_p = Monitored people now
stats-col-open = Open cases
stats-col-overdue = Overdue cases
stats-col-median_h = { $step } median (hours)
stats-col-p90_h = { $step } p90 (hours)
stats-col-month = Month
stats-col-stage = Stage
stats-col-cases = Cases
stats-col-label = Label
stats-col-reported_cases = Cases reported in the year
stats-col-new_households = Households newly identified
stats-level-district = district
stats-level-town = town
stats-level-village = village
stats-item-new = Newly identified in the year
stats-item-total = Identified in total
stats-item-eliminated = Risk eliminated in total
stats-item-eliminated_year = Risk eliminated in the year
stats-item-monitored = Monitored now
stats-note-method = Timeliness percentiles use the nearest-rank method: the value at rank ⌈p·n⌉.

## case export columns

export-ref = Reference
export-town = Town
export-village = Village
export-household_id = Household id
export-head_name = Head of household
export-id_number = ID number
export-people = People
export-source = Source
export-risk_types = Risk types
export-stage = Stage
export-category = Category
export-closed_reason = Closure reason
export-reported_at = Reported
export-accepted_at = Accepted
export-visited_at = Visited
export-proposed_at = Decision proposed
export-identified_at = Monitoring started
export-eliminated_at = Risk eliminated
export-closed_at = Closed
export-due_at = Next due
