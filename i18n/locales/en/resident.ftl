## Numbers and dates as people write them; voice first (handlers/spoken_answers.py)

spoken-bad_number = I could not read that number. Write it like this: <b>{ $example }</b> (from { $low } to { $high }).
spoken-example_amount_digits = 5000
spoken-example_amount_grouped = 5,000
spoken-example_amount_wan = 0.5万
spoken-example_amount_chinese = 五千
spoken-example_count_digits = 3
spoken-example_count_grouped = 3
spoken-example_count_wan = 3
spoken-example_count_chinese = 三
spoken-bad_date = I could not read that date. Write it like this: <b>{ $example }</b>
spoken-example_date_full_past = 2026-03-01
spoken-example_date_full_future = 2026-12-05
spoken-example_date_month_day_past = 3月1日
spoken-example_date_month_day_future = 12月5日
spoken-example_date_dashed_past = 3-1
spoken-example_date_dashed_future = 12-5
spoken-example_date_relative_past = 3 days ago
spoken-example_date_relative_future = in 3 days
spoken-example_date_weekday_past = last Monday
spoken-example_date_weekday_future = next Monday
