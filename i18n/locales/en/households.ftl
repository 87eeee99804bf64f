### My households: the household register (建档立卡) in chat, for officials (issue 13).

cmd-households = Officials: my households (find by name or group)
off-households = 🏘 My households

hh-title = <b>My households</b>: { $total } in all (page { $page }/{ $pages })
hh-title_search = <b>Search “{ $query }”</b>: { $total } { $total ->
        [one] household
       *[other] households
    } (page { $page }/{ $pages })
hh-line = { $n }. <b>{ $name }</b> { $place } · { $class }{ $case }
hh-line_case = {" "}· 📂 { $stage }
hh-line_overdue = {" "}⚠️ overdue
hh-open = { $n }. { $name }
hh-empty = No household register has been loaded for your villages yet. Please ask the district admin to import it.
hh-none_found = Nothing found for “{ $query }”. Type part of the head's name (one character is enough) or a group number, for example: 3组.
hh-btn_search = 🔍 Find by name or group
hh-btn_all = 📋 All households
hh-btn_back = ◀ Back to the list
hh-btn_visit = 📝 Record a visit
hh-btn_case = 📂 Open the case
hh-ask_query = Type the head's name (part of it is enough) or a group number. For example: 王 or 3组
hh-err_query = Please type the head's name or a group number as text, for example: 王 or 3组 (at most { $max } characters).
hh-search_stale = That search has expired; here are all your households.
hh-not_found = That household is not in the register any more.
hh-out_of_scope = That household is not in your villages, so you cannot see it.
hh-card =
    🏠 <b>{ $name }</b> (household { $hid })
    { $place } · { $members } { $members ->
        [one] person
       *[other] people
    }
    Register class: { $class }
    Open case: { $case }
    Last visit: { $visit }
    Next due: { $due }
hh-card_case = { $ref } ({ $stage })
hh-no_case = none
hh-no_visit = no visit recorded yet
hh-visit = { $at } ({ $who })
hh-no_due = nothing due
hh-due = { $step }, { $at }
hh-due_overdue = { $step }, { $at } ⚠️ overdue
hh-visit_for = 📝 Recording a visit to <b>{ $name }</b> ({ $place }): the village, the head and the household size come from the register; you can change them before you submit.
